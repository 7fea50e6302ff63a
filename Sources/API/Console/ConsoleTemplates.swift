/// The console's Mustache templates. `{{x}}` escapes HTML; `{{{x}}}` is used only for markup the console drew
/// itself (the page body, SVG charts), whose user-supplied parts were escaped when drawn.
enum ConsoleTemplates {
    static let all: [String: String] = base.merging(registry) { a, _ in a }.merging(monitoring) { a, _ in a }
        .merging(customers) { a, _ in a }

    static let base: [String: String] = [
        "layout": """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}} · SegmentOps</title>
            <link rel="stylesheet" href="/ui/style.css">
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header>
            <nav aria-label="Console">
            <a class="brand" href="/ui">SegmentOps</a>
            <a href="/ui/registry">Registry</a>
            <a href="/ui/drift">Drift</a>
            <a href="/ui/performance">Performance</a>
            <a href="/ui/alerts">Alerts</a>
            <a href="/ui/audit">Audit log</a>
            <a href="/ui/segments">Segments</a>
            <a href="/ui/customers">Customers</a>
            <a href="/ui/fairness">Fairness</a>
            {{#signedIn}}<form class="signout" method="post" action="/ui/logout"><span>{{who}}</span> <button type="submit">Sign out</button></form>{{/signedIn}}
            {{^signedIn}}<a class="signin" href="/ui/login">Sign in</a>{{/signedIn}}
            </nav>
            </header>
            <main id="main">
            <h1>{{title}}</h1>
            {{{body}}}
            </main>
            <footer>Generated {{generatedAt}} by SegmentOps. Times are UTC. Read-only: changes are made with the segmentops command or the API.</footer>
            </body>
            </html>

            """,
        "error": """
            <p class="error" role="alert">{{message}}</p>
            <p>Requested: <code>{{path}}</code></p>
            {{#signIn}}<p><a href="/ui/login">Sign in</a> with a token that has the needed role.</p>{{/signIn}}
            <p><a href="/ui">Back to the overview</a></p>
            """,
        "login": """
            {{#problem}}<p class="error" role="alert">{{problem}}</p>{{/problem}}
            <form class="login" method="post" action="/ui/login">
            <input type="hidden" name="next" value="{{next}}">
            <label for="token">API token</label>
            <input id="token" name="token" type="password" autocomplete="current-password" required>
            <button type="submit">Sign in</button>
            </form>
            <p class="note">Any token from <code>api.tokens</code> signs in (viewer and up); the fairness page needs role
            <code>auditor</code>. The browser keeps a signed cookie for 12 hours, never the token.</p>
            """,
        "overview": """
            <section class="cards">
            <div class="card"><h2>Production</h2>
            {{#production}}<p class="big"><a href="{{href}}">{{label}}</a></p><p>since {{since}}</p><p>holdout accuracy {{accuracy}}</p>{{/production}}
            {{^production}}<p class="big">none</p><p>No version serves yet: <code>segmentops promote 1 --reason "first version"</code></p>{{/production}}
            {{#newest}}<p>newest: <a href="{{href}}">{{label}}</a> ({{stage}}, as of {{asOf}}) · <a href="/ui/diff?a={{productionVersion}}&amp;b={{version}}">compare</a></p>{{/newest}}
            </div>
            <div class="card"><h2>Supervisor</h2><p class="big">{{supervisor}}</p>
            {{#lastNightly}}<p>last nightly #{{id}} for {{asOf}}: <span class="status status-{{status}}">{{status}}</span> at {{finished}}</p>{{/lastNightly}}
            {{^lastNightly}}<p>no nightly run yet</p>{{/lastNightly}}
            </div>
            <div class="card"><h2>Alerts</h2><p class="big">{{firingCount}} firing</p><p><a href="/ui/alerts">all alerts</a></p></div>
            <div class="card"><h2>Outbox</h2><p class="big">{{outboxPending}} pending</p>
            {{#outboxOldest}}<p>oldest {{outboxOldest}}</p>{{/outboxOldest}}
            {{#lost}}<p class="error">{{lost}} notifications lost (every delivery dead-lettered)</p>{{/lost}}
            </div>
            </section>
            {{#hasWarnings}}<h2>Needs attention</h2><ul class="warnings">{{#warnings}}<li>{{.}}</li>{{/warnings}}</ul>{{/hasWarnings}}
            <h2>Firing alerts</h2>
            {{#hasFiring}}<table><thead><tr><th>Alert</th><th>Severity</th><th>Since</th><th>Summary</th></tr></thead><tbody>
            {{#firing}}<tr><td><a href="{{href}}">{{rule}}</a></td><td><span class="sev sev-{{severity}}">{{severity}}</span></td><td>{{since}}</td><td>{{summary}}</td></tr>{{/firing}}
            </tbody></table>{{/hasFiring}}
            {{^hasFiring}}<p>None.</p>{{/hasFiring}}
            <h2>Latest measurements</h2>
            <table><tbody>
            {{#evaluation}}<tr><th>Realised performance</th><td>{{text}} · <a href="/ui/performance">history</a></td></tr>{{/evaluation}}
            {{#estimate}}<tr><th>Label-free estimate</th><td>{{text}}</td></tr>{{/estimate}}
            {{#hold}}<tr><th>Segment hold</th><td>{{hold}}</td></tr>{{/hold}}
            {{#paused}}<tr><th>Promotion paused</th><td>{{paused}}</td></tr>{{/paused}}
            </tbody></table>
            """,
    ]
}
