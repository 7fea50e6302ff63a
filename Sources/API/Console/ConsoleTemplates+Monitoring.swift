extension ConsoleTemplates {
    static let monitoring: [String: String] = [
        "drift": """
            {{^hasRuns}}<p>No drift monitor has run yet: <code>segmentops monitor</code> runs one.</p>{{/hasRuns}}
            {{#hasRuns}}
            <p>Population stability index of each feature's current window against the frozen reference of the serving
            version, one point per day ({{days}} days). Dashed line: the critical threshold.</p>
            <div class="multiples">
            {{#features}}<figure data-feature="{{name}}"><figcaption>{{name}} · latest {{latest}} ({{band}})</figcaption>{{{chart}}}</figure>{{/features}}
            <figure data-feature="segment mix"><figcaption>segment mix · latest {{mixLatest}}</figcaption>{{{mixChart}}}</figure>
            </div>
            <details><summary>The same figures as a table</summary>
            <table class="psi"><thead><tr><th>Day</th><th>Version</th>{{#featureNames}}<th class="num">{{.}}</th>{{/featureNames}}<th class="num">mix</th></tr></thead><tbody>
            {{#table}}<tr><td>{{day}}</td><td>v{{version}}</td>{{#cells}}<td class="num">{{.}}</td>{{/cells}}</tr>{{/table}}
            </tbody></table></details>
            <h2 id="bins">Bins on {{day}}</h2>
            <form class="inline" method="get" action="/ui/drift#bins">
            <label>Day <select name="day">{{#dayChoices}}<option{{#selected}} selected{{/selected}}>{{day}}</option>{{/dayChoices}}</select></label>
            <label>Feature <select name="feature">{{#featureChoices}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/featureChoices}}</select></label>
            <button type="submit">Show</button>
            </form>
            <div class="grid2"><figure><figcaption>{{feature}}: reference and current shares per bin (PSI {{featurePSI}})</figcaption>{{{binChart}}}</figure>
            <table><thead><tr><th>Bin</th><th class="num">Reference</th><th class="num">Current</th><th class="num">Rows</th><th class="num">PSI term</th></tr></thead><tbody>
            {{#bins}}<tr><td>{{range}}</td><td class="num">{{reference}}</td><td class="num">{{current}}</td><td class="num">{{count}}</td><td class="num">{{term}}</td></tr>{{/bins}}
            </tbody></table></div>
            <h2>Segment mix on {{day}}</h2>
            <div class="grid2"><figure><figcaption>Predicted segment shares: reference and current (PSI {{mixPSI}})</figcaption>{{{mixBars}}}</figure>
            <table><thead><tr><th>Segment</th><th class="num">Reference</th><th class="num">Current</th><th class="num">Rows</th></tr></thead><tbody>
            {{#mix}}<tr><td>{{segment}}</td><td class="num">{{reference}}</td><td class="num">{{current}}</td><td class="num">{{count}}</td></tr>{{/mix}}
            </tbody></table></div>
            {{/hasRuns}}
            """,
        "performance": """
            {{^hasRuns}}<p>No evaluation has run yet: <code>segmentops evaluate</code> runs one once labels arrive.</p>{{/hasRuns}}
            {{#hasRuns}}
            <p>Realised metrics of the serving version on labelled rows it was not trained on, one point per day, with 95%
            Wilson intervals as bands{{#hasEstimate}}, and the label-free estimate (CBPE) for rows whose labels are not known yet{{/hasEstimate}}.</p>
            <figure><figcaption>Accuracy</figcaption>{{{accuracyChart}}}</figure>
            <figure><figcaption>Harm rate (costly misclassifications)</figcaption>{{{harmChart}}}</figure>
            <table><thead><tr><th>Day</th><th>Version</th><th class="num">Labels</th><th class="num">Accuracy</th><th class="num">95% interval</th><th class="num">Baseline</th><th class="num">Harm rate</th><th class="num">95% interval</th>{{#hasEstimate}}<th class="num">Estimated accuracy</th>{{/hasEstimate}}<th>Guardrail</th></tr></thead><tbody>
            {{#rows}}<tr><td>{{day}}</td><td><a href="/ui/versions/{{version}}">v{{version}}</a></td><td class="num">{{n}}</td><td class="num">{{accuracy}}</td><td class="num">{{accuracyCI}}</td><td class="num">{{baseline}}</td><td class="num">{{harm}}</td><td class="num">{{harmCI}}</td>{{#hasEstimate}}<td class="num">{{estimate}}</td>{{/hasEstimate}}<td><span class="status status-{{guardrail}}">{{guardrail}}</span></td></tr>{{/rows}}
            </tbody></table>
            {{/hasRuns}}
            """,
        "alerts": """
            <h2>Alert states</h2>
            <table><thead><tr><th>Alert</th><th>State</th><th>Severity</th><th>Since</th><th>Summary</th></tr></thead><tbody>
            {{#states}}<tr><td><a href="{{href}}">{{rule}}</a></td><td><span class="status status-{{state}}">{{state}}</span>{{#flapping}} (flapping){{/flapping}}</td><td><span class="sev sev-{{severity}}">{{severity}}</span></td><td>{{since}}</td><td>{{summary}}</td></tr>{{/states}}
            </tbody></table>
            {{^hasStates}}<p>No alert has been evaluated yet.</p>{{/hasStates}}
            <h2>History</h2>
            <table><thead><tr><th>At</th><th>Alert</th><th>From</th><th>To</th><th>Figures</th></tr></thead><tbody>
            {{#transitions}}<tr><td>{{at}}</td><td><a href="{{href}}">{{rule}}</a></td><td>{{from}}</td><td><span class="status status-{{to}}">{{to}}</span></td><td>{{figures}}</td></tr>{{/transitions}}
            </tbody></table>
            <h2>Deliveries</h2>
            <p>{{pending}} pending{{#lost}} · <span class="error">{{lost}} notifications lost</span>{{/lost}}. The newest {{deliveryCount}}.</p>
            <table><thead><tr><th>Created</th><th>Alert</th><th>Status</th><th>Receiver</th><th>State</th><th class="num">Attempts</th><th>Last answer</th></tr></thead><tbody>
            {{#deliveries}}<tr><td>{{created}}</td><td>{{rule}}</td><td>{{status}}</td><td>{{receiver}}</td><td><span class="status status-{{state}}">{{state}}</span></td><td class="num">{{attempts}}</td><td>{{last}}</td></tr>{{/deliveries}}
            </tbody></table>
            <h2>Dead letters</h2>
            {{#hasDead}}<table><thead><tr><th>Created</th><th>Alert</th><th>Receiver</th><th class="num">Attempts</th><th>Last error</th></tr></thead><tbody>
            {{#dead}}<tr><td>{{created}}</td><td>{{rule}}</td><td>{{receiver}}</td><td class="num">{{attempts}}</td><td>{{last}}</td></tr>{{/dead}}
            </tbody></table><p>What to do: the AlertDeliveryFailing runbook (<a href="/ui/runbooks/AlertDeliveryFailing">open</a>); <code>segmentops alerts deliveries --failed</code> lists the same.</p>{{/hasDead}}
            {{^hasDead}}<p>None.</p>{{/hasDead}}
            """,
        "alert": """
            <p><a href="{{evidenceHref}}">Evidence: {{evidenceLabel}}</a> · <a href="/ui/runbooks/{{rule}}">Runbook</a></p>
            {{#states}}<section class="alert-state"><h2><span class="status status-{{state}}">{{state}}</span> {{summary}}</h2>
            <p>{{description}}</p>
            <table><tbody>
            <tr><th>Severity</th><td><span class="sev sev-{{severity}}">{{severity}}</span></td></tr>
            <tr><th>Active since</th><td>{{activeSince}}</td></tr><tr><th>Firing since</th><td>{{firingSince}}</td></tr>
            <tr><th>Resolved</th><td>{{resolvedAt}}</td></tr><tr><th>Fingerprint</th><td><code>{{fingerprint}}</code></td></tr>
            {{#labels}}<tr><th>label {{name}}</th><td>{{value}}</td></tr>{{/labels}}
            {{#figures}}<tr><th>{{name}}</th><td>{{value}}</td></tr>{{/figures}}
            </tbody></table></section>{{/states}}
            {{^hasStates}}<p>This alert has never been evaluated on this database.</p>{{/hasStates}}
            <h2>History</h2>
            <table><thead><tr><th>At</th><th>From</th><th>To</th><th>Figures</th></tr></thead><tbody>
            {{#transitions}}<tr><td>{{at}}</td><td>{{from}}</td><td><span class="status status-{{to}}">{{to}}</span></td><td>{{figures}}</td></tr>{{/transitions}}
            </tbody></table>
            """,
        "runbook": """
            <p>From <code>{{file}}</code>. Commands are written for the on-call shell.</p>
            <pre class="runbook">{{text}}</pre>
            """,
    ]
}
