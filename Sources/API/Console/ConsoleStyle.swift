/// The console's one stylesheet: readable on a laptop at 3 a.m., printable for an audit file (no navigation, link
/// targets written out, tables and charts kept whole on a page).
enum ConsoleStyle {
    static let css = """
        :root { --ink: #1b1f24; --muted: #5b6470; --line: #d0d5dc; --bg: #ffffff; --accent: #0b5cad;
                --s0: #0b5cad; --s1: #b4540a; --s2: #2e7d32; --bad: #a4161a; --warn: #8a5a00; --ok: #2e7d32; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
        header { border-bottom: 1px solid var(--line); background: #f6f8fa; }
        nav { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; padding: 10px 24px; }
        nav a { color: var(--accent); text-decoration: none; } nav a:hover, nav a:focus { text-decoration: underline; }
        nav .brand { font-weight: 700; color: var(--ink); margin-right: 12px; }
        nav .signout, nav .signin { margin-left: auto; }
        main { padding: 8px 24px 32px; max-width: 1200px; }
        h1 { font-size: 1.5em; margin: 16px 0 8px; } h2 { font-size: 1.15em; margin: 24px 0 8px; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
        td.num, th.num { text-align: right; }
        table.timeline td:nth-child(-n+3), table.audit td:nth-child(2), table.psi td:first-child { white-space: nowrap; }
        tr.differs td { background: #fff7e0; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.92em; background: #f1f3f5; padding: 0 3px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 12px; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
        .card h2 { margin: 4px 0; font-size: 1em; color: var(--muted); }
        .big { font-size: 1.4em; font-weight: 600; margin: 4px 0; }
        .error { color: var(--bad); font-weight: 600; }
        .note { color: var(--muted); }
        .sev-critical::before { content: "▲ "; } .sev-critical { color: var(--bad); font-weight: 600; }
        .sev-warning::before { content: "◆ "; } .sev-warning { color: var(--warn); }
        .sev-info::before { content: "● "; }
        .status-failed, .status-tripped, .status-fail, .status-dead, .status-firing { color: var(--bad); font-weight: 600; }
        .status-ok, .status-succeeded, .status-pass, .status-delivered, .status-resolved { color: var(--ok); }
        .status-warn, .status-pending, .status-inconclusive { color: var(--warn); }
        .grid2 { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
        .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px; }
        figure { margin: 0 0 12px; } figcaption { font-weight: 600; margin-bottom: 2px; }
        .multiples figcaption { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        svg.chart { width: 100%; height: auto; max-width: 720px; }
        svg .frame { fill: none; stroke: var(--line); } svg .grid { stroke: #eef0f3; } svg .axis, svg .legend { font-size: 10px; fill: var(--muted); }
        svg .threshold { stroke: var(--bad); stroke-dasharray: 4 4; }
        svg .line { fill: none; stroke-width: 1.6; } svg .line-0 { stroke: var(--s0); } svg .line-1 { stroke: var(--s1); } svg .line-2 { stroke: var(--s2); }
        svg .point-0 { fill: var(--s0); } svg .point-1 { fill: #fff; stroke: var(--s1); stroke-width: 1.5; } svg .point-2 { fill: var(--s2); }
        svg .band { opacity: 0.18; } svg .band-0 { fill: var(--s0); } svg .band-1 { fill: var(--s1); } svg .band-2 { fill: var(--s2); }
        svg .bar-0 { fill: var(--s0); } svg .bar-1 { stroke: var(--s1); } svg .hatch-bg { fill: #fff; } svg .hatch-line { stroke: var(--s1); stroke-width: 2; }
        form.inline { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 8px 0; }
        form.inline label { display: flex; flex-direction: column; font-size: 0.9em; color: var(--muted); }
        form.login { display: flex; flex-direction: column; gap: 8px; max-width: 320px; }
        input, select, button { font: inherit; padding: 4px 6px; }
        .pager { display: flex; gap: 16px; }
        footer { color: var(--muted); font-size: 0.85em; padding: 16px 24px; border-top: 1px solid var(--line); }
        @media print {
          header, .skip, form, .pager, nav { display: none !important; }
          main { padding: 0; max-width: none; }
          a { color: inherit; text-decoration: none; }
          main a[href^="/"]::after { content: " (" attr(href) ")"; font-size: 0.8em; color: var(--muted); }
          table, figure, svg, .card { break-inside: avoid; }
          tr.differs td { background: none; font-weight: 600; }
          body { font-size: 11pt; }
        }
        """
}
