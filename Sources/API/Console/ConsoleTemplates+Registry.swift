extension ConsoleTemplates {
    static let gateTable = """
        {{#hasGates}}<table class="gates"><thead><tr><th>Gate</th><th>Verdict</th><th>Value</th><th>Threshold</th><th>Detail</th></tr></thead><tbody>
        {{#gates}}<tr><td>{{gate}}</td><td><span class="status status-{{status}}">{{status}}</span></td><td>{{value}}</td><td>{{threshold}}</td><td>{{detail}}</td></tr>{{/gates}}
        </tbody></table>{{/hasGates}}
        """

    static let registry: [String: String] = [
        "registry": """
            <form class="inline" method="get" action="/ui/registry">
            <label>Which version served at <input name="at" value="{{atText}}" placeholder="2026-03-01T12:00:00Z"></label>
            <button type="submit">Answer</button>
            </form>
            {{#at}}<section class="answer" aria-live="polite"><h2>At {{when}}</h2>
            {{#served}}<p class="big"><a href="{{href}}">v{{version}}</a> served</p>
            <p>from {{from}} to {{to}}, put in production by <strong>{{actor}}</strong> ({{action}}, audit entry #{{seq}}): {{reason}}</p>
            {{#verdict}}<p>Gate verdict: <span class="status status-{{verdict}}">{{verdict}}</span></p>{{/verdict}}
            \(gateTable)
            {{/served}}
            {{^served}}<p class="big">No version served then.</p>{{/served}}
            </section>{{/at}}
            <h2>Production timeline</h2>
            <p>{{intervalCount}} production intervals, newest first. Times are UTC.</p>
            <table class="timeline"><thead><tr><th>Version</th><th>From</th><th>To</th><th class="num">Days</th><th>By</th><th>Why</th><th>Gates</th></tr></thead><tbody>
            {{#intervals}}<tr data-version="{{version}}"><td><a href="/ui/versions/{{version}}">v{{version}}</a></td><td>{{from}}</td><td>{{to}}</td><td class="num">{{days}}</td><td>{{actor}}</td><td>{{reason}}</td><td><span class="status status-{{verdict}}">{{verdict}}</span></td></tr>{{/intervals}}
            </tbody></table>
            <h2>Registry changes</h2>
            <p>The newest {{changeCount}} of {{changeTotal}} registrations, promotions, rollbacks, rejections, approvals and pauses. <a href="/ui/audit">The whole audit log</a>.</p>
            <table><thead><tr><th class="num">#</th><th>At</th><th>Actor</th><th>Action</th><th>Version</th><th>Outcome</th><th>Reason</th></tr></thead><tbody>
            {{#changes}}<tr><td class="num">{{seq}}</td><td>{{at}}</td><td>{{actor}}</td><td>{{action}}</td><td>{{#version}}<a href="/ui/versions/{{version}}">v{{version}}</a>{{/version}}{{#other}} (from v{{other}}){{/other}}</td><td>{{outcome}}</td><td>{{reason}}</td></tr>{{/changes}}
            </tbody></table>
            """,
        "version": """
            <p>Stage <strong>{{stage}}</strong> · trained for {{asOf}} · registered {{createdAt}} by {{createdBy}}{{#previous}} · <a href="/ui/diff?a={{previous}}&amp;b={{version}}">diff with v{{previous}}</a>{{/previous}}{{#production}} · <a href="/ui/diff?a={{production}}&amp;b={{version}}">diff with production v{{production}}</a>{{/production}}</p>
            <h2>Lineage</h2>
            <table><tbody>{{#lineage}}<tr><th>{{name}}</th><td>{{value}}</td></tr>{{/lineage}}</tbody></table>
            <h2>Holdout metrics</h2>
            <table><thead><tr><th>Metric</th>{{#segments}}<th class="num">{{.}}</th>{{/segments}}<th class="num">overall</th></tr></thead><tbody>
            {{#metricRows}}<tr><th>{{name}}</th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}</tr>{{/metricRows}}
            </tbody></table>
            <h2>Coefficients</h2>
            <p class="note">Standardised features (per standard deviation); intercept last.</p>
            <table><thead><tr><th>Feature</th>{{#segments}}<th class="num">{{.}}</th>{{/segments}}</tr></thead><tbody>
            {{#coefficientRows}}<tr><th>{{name}}</th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}</tr>{{/coefficientRows}}
            </tbody></table>
            <h2>Gates</h2>
            {{#gateEntry}}<p>From audit entry #{{seq}} ({{action}} at {{at}} by {{actor}}): verdict <span class="status status-{{verdict}}">{{verdict}}</span></p>{{/gateEntry}}
            {{^gateEntry}}<p>No gate has judged this version yet.</p>{{/gateEntry}}
            \(gateTable)
            <h2>Production intervals</h2>
            {{#hasIntervals}}<table><thead><tr><th>From</th><th>To</th></tr></thead><tbody>{{#intervals}}<tr><td>{{from}}</td><td>{{to}}</td></tr>{{/intervals}}</tbody></table>{{/hasIntervals}}
            {{^hasIntervals}}<p>Never in production.</p>{{/hasIntervals}}
            <h2>Audit entries</h2>
            <table><thead><tr><th class="num">#</th><th>At</th><th>Actor</th><th>Action</th><th>Outcome</th><th>Reason</th></tr></thead><tbody>
            {{#audit}}<tr><td class="num">{{seq}}</td><td>{{at}}</td><td>{{actor}}</td><td>{{action}}</td><td>{{outcome}}</td><td>{{reason}}</td></tr>{{/audit}}
            </tbody></table>
            """,
        "diff": """
            <form class="inline" method="get" action="/ui/diff">
            <label>Base <input name="a" value="{{a}}" size="6"></label>
            <label>Compared <input name="b" value="{{b}}" size="6"></label>
            <label>Show <select name="all"><option value="0"{{^all}} selected{{/all}}>only what differs</option><option value="1"{{#all}} selected{{/all}}>everything</option></select></label>
            <button type="submit">Compare</button>
            </form>
            <p><a href="/ui/versions/{{a}}">v{{a}}</a> → <a href="/ui/versions/{{b}}">v{{b}}</a>: {{differing}} of {{total}} fields differ{{^all}} (showing only those; <a href="/ui/diff?a={{a}}&amp;b={{b}}&amp;all=1">show all</a>){{/all}}{{#all}} (<a href="/ui/diff?a={{a}}&amp;b={{b}}">only what differs</a>){{/all}}.</p>
            {{#sections}}<h2>{{name}}</h2>
            {{#hasRows}}<table class="diff"><thead><tr><th>Field</th><th class="num">v{{a}}</th><th class="num">v{{b}}</th><th class="num">Change</th></tr></thead><tbody>
            {{#rows}}<tr class="{{#differs}}differs{{/differs}}"><th>{{field}}</th><td class="num">{{base}}</td><td class="num">{{other}}</td><td class="num">{{#differs}}<span class="changed">≠ </span>{{/differs}}{{change}}</td></tr>{{/rows}}
            </tbody></table>{{/hasRows}}
            {{^hasRows}}<p>No difference.</p>{{/hasRows}}
            {{/sections}}
            """,
        "audit": """
            <p>Chain: <span class="status status-{{chainStatus}}">{{chainText}}</span> · {{total}} matching entries · export <a href="/ui/audit/export?format=csv{{filterQuery}}">CSV</a>, <a href="/ui/audit/export?format=ndjson{{filterQuery}}">JSON lines</a> (with hashes, for <code>segmentops registry verify</code>-style checks)</p>
            <form class="inline" method="get" action="/ui/audit">
            <label>Action <select name="action"><option value="">any</option>{{#actions}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/actions}}</select></label>
            <label>Actor contains <input name="actor" value="{{actor}}" size="12"></label>
            <label>Version <input name="version" value="{{version}}" size="5"></label>
            <button type="submit">Filter</button>
            </form>
            <table class="audit"><thead><tr><th class="num">#</th><th>At</th><th>Actor</th><th>Action</th><th>Version</th><th>Outcome</th><th>Reason</th><th>Hash</th></tr></thead><tbody>
            {{#entries}}<tr><td class="num">{{seq}}</td><td>{{at}}</td><td>{{actor}}</td><td>{{action}}</td><td>{{#version}}<a href="/ui/versions/{{version}}">v{{version}}</a>{{/version}}</td><td>{{outcome}}</td><td>{{reason}}</td><td><code title="{{hash}}">{{shortHash}}</code></td></tr>{{/entries}}
            </tbody></table>
            <p class="pager">{{#previous}}<a rel="prev" href="/ui/audit?page={{previous}}{{filterQuery}}">← newer</a>{{/previous}} <span>page {{page}} of {{pages}}</span> {{#next}}<a rel="next" href="/ui/audit?page={{next}}{{filterQuery}}">older →</a>{{/next}}</p>
            """,
    ]
}
