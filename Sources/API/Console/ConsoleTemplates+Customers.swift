extension ConsoleTemplates {
    static let customers: [String: String] = [
        "customers": """
            <form class="inline" method="get" action="/ui/customers">
            <label>Customer id <input name="id" value="{{id}}" required></label>
            <button type="submit">Open</button>
            </form>
            <h2>Customers moving toward another segment</h2>
            <p>Open transition flags, strongest evidence first (the newest {{movingCount}}).</p>
            {{#hasMoving}}<table><thead><tr><th>Customer</th><th>Confirmed</th><th>Toward</th><th class="num">Evidence</th><th>Last observed</th></tr></thead><tbody>
            {{#moving}}<tr><td><a href="{{href}}">{{id}}</a></td><td>{{segment}}</td><td>{{toward}}</td><td class="num">{{evidence}}</td><td>{{lastAsOf}}</td></tr>{{/moving}}
            </tbody></table>{{/hasMoving}}
            {{^hasMoving}}<p>None.</p>{{/hasMoving}}
            """,
        "customer": """
            <p class="customer-id">Customer <code>{{id}}</code></p>
            <section class="cards">
            <div class="card"><h2>Confirmed segment</h2><p class="big">{{segment}}</p><p>{{status}}{{#since}} since {{since}}{{/since}}</p></div>
            <div class="card"><h2>Runner-up</h2>{{#runnerUp}}<p class="big">{{segment}}</p><p>evidence {{evidence}} (flag at {{flag}}, confirm at {{confirm}})</p>{{/runnerUp}}{{^runnerUp}}<p>–</p>{{/runnerUp}}</div>
            <div class="card"><h2>Flags</h2>{{#flags}}<p>moving toward <strong>{{toward}}</strong>{{#since}} since {{since}}{{/since}}</p>{{/flags}}{{^hasFlags}}<p>none</p>{{/hasFlags}}</div>
            <div class="card"><h2>Latest score</h2>{{#latest}}<p class="big">{{segment}}</p><p>{{day}} by <a href="/ui/versions/{{version}}">v{{version}}</a></p>{{/latest}}{{^latest}}<p>not scored yet</p>{{/latest}}</div>
            </section>
            {{#hasSeries}}<div class="grid2"><figure><figcaption>Segment probabilities at each stored score ({{points}}: the first, then each that moved)</figcaption>{{{chart}}}</figure>
            <table><thead><tr><th>Day</th><th>Version</th>{{#segments}}<th class="num">{{.}}</th>{{/segments}}<th>Argmax</th></tr></thead><tbody>
            {{#series}}<tr><td>{{day}}{{#suspect}} (suspect){{/suspect}}</td><td>v{{version}}</td>{{#cells}}<td class="num">{{.}}</td>{{/cells}}<td>{{segment}}</td></tr>{{/series}}
            </tbody></table></div>{{/hasSeries}}
            {{^hasSeries}}<p>No scores in the segment book for this customer yet.</p>{{/hasSeries}}
            <h2>Segment events</h2>
            {{#hasEvents}}<table><thead><tr><th>Day</th><th>Event</th><th>From</th><th>To</th><th>Reason</th></tr></thead><tbody>
            {{#events}}<tr><td>{{day}}</td><td>{{kind}}</td><td>{{from}}</td><td>{{to}}</td><td>{{reason}}</td></tr>{{/events}}
            </tbody></table>{{/hasEvents}}
            {{^hasEvents}}<p>None.</p>{{/hasEvents}}
            """,
        "segments": """
            <p>{{confirmed}} confirmed, {{provisional}} provisional, {{flagged}} with an open transition flag.{{#hold}} <span class="error">Changes are held: {{hold}}</span>{{/hold}}</p>
            {{#hasMix}}<figure><figcaption>Predicted segment mix per day</figcaption>{{{mixChart}}}</figure>{{/hasMix}}
            {{#hasRuns}}<figure><figcaption>Weekly churn of confirmed segments</figcaption>{{{churnChart}}}</figure>
            <table><thead><tr><th>Day</th><th class="num">Confirmed</th><th class="num">Changed that night</th><th class="num">Changes in 7 days</th><th class="num">Weekly churn</th><th class="num">Limit</th>{{#segmentNames}}<th class="num">{{.}} share</th>{{/segmentNames}}</tr></thead><tbody>
            {{#runs}}<tr><td>{{day}}</td><td class="num">{{confirmed}}</td><td class="num">{{changed}}</td><td class="num">{{changes7}}</td><td class="num">{{churn}}</td><td class="num">{{limit}}</td>{{#mix}}<td class="num">{{.}}</td>{{/mix}}</tr>{{/runs}}
            </tbody></table>{{/hasRuns}}
            {{^hasRuns}}<p>No segment update has run yet.</p>{{/hasRuns}}
            <h2>Transitions in the last 30 days</h2>
            <table><thead><tr><th>From \\ to</th>{{#segmentNames}}<th class="num">{{.}}</th>{{/segmentNames}}</tr></thead><tbody>
            {{#matrix}}<tr><th>{{from}}</th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}</tr>{{/matrix}}
            </tbody></table>
            <h2>Latest confirmed changes</h2>
            {{#hasChanges}}<table><thead><tr><th>Day</th><th>Customer</th><th>From</th><th>To</th><th>Version</th></tr></thead><tbody>
            {{#changes}}<tr><td>{{day}}</td><td><a href="{{href}}">{{id}}</a></td><td>{{from}}</td><td>{{to}}</td><td>{{version}}</td></tr>{{/changes}}
            </tbody></table>{{/hasChanges}}
            {{^hasChanges}}<p>None.</p>{{/hasChanges}}
            """,
        "fairness": """
            <form class="inline" method="get" action="/ui/fairness">
            <label>Version <input name="version" value="{{version}}" size="5"></label>
            <label>As of <input name="as_of" value="{{asOf}}" size="10" placeholder="YYYY-MM-DD"></label>
            <button type="submit">Audit</button>
            </form>
            <p>Version <a href="/ui/versions/{{version}}">v{{version}}</a> on {{population}} customers as of {{asOf}}: verdict <span class="status status-{{verdict}}">{{verdict}}</span>. {{summary}}</p>
            <h2>Adverse impact per segment and group</h2>
            <table><thead><tr><th>Attribute</th><th>Segment</th><th>Group</th><th class="num">Customers</th><th class="num">Rate</th><th class="num">Reference rate</th><th class="num">Ratio</th><th class="num">p (Holm)</th><th>Verdict</th></tr></thead><tbody>
            {{#cells}}<tr><td>{{attribute}}</td><td>{{segment}}</td><td>{{group}}</td><td class="num">{{n}}</td><td class="num">{{rate}}</td><td class="num">{{referenceRate}}</td><td class="num">{{ratio}}</td><td class="num">{{p}}</td><td><span class="status status-{{verdict}}">{{verdict}}</span></td></tr>{{/cells}}
            </tbody></table>
            <h2>Proxy scan</h2>
            {{#hasProxies}}<table><thead><tr><th>Attribute</th><th>Feature</th><th class="num">SMD</th><th class="num">Group AUC</th><th>Flagged</th></tr></thead><tbody>
            {{#proxies}}<tr><td>{{attribute}}</td><td>{{feature}}</td><td class="num">{{smd}}</td><td class="num">{{auc}}</td><td>{{flagged}}</td></tr>{{/proxies}}
            </tbody></table>{{/hasProxies}}
            {{^hasProxies}}<p>No proxy scan in this report.</p>{{/hasProxies}}
            """,
    ]
}
