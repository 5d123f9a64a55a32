import HTTP1

/// The console's own static files: its rules of the stylesheet (appended to
/// `AdminPage.stylesheet`) and its one small script. The Content-Security-Policy allows no
/// inline script or style, so both are files served by the admin listener; every page works
/// without the script.
enum ConsoleAssets {
    static let scriptPath = "/assets/console.js"

    static func scriptResponse() -> HTTPResponse {
        HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "text/javascript; charset=utf-8")]), body: Array(script.utf8))
    }

    /// Progressive enhancements only: local times in tooltips, filters that apply when a list
    /// changes, and a focus on the first field of a confirmation.
    static let script = """
        // synap-webhooks console. Pages work without this file; it only adds conveniences.
        (function () {
          "use strict";
          // Times are written in UTC; the tooltip gives the browser's local time.
          document.querySelectorAll("time[datetime]").forEach(function (element) {
            var date = new Date(element.getAttribute("datetime"));
            if (!isNaN(date.getTime())) { element.title = date.toLocaleString(); }
          });
          // A filter chosen from a list applies at once.
          document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
            select.addEventListener("change", function () {
              if (select.form.requestSubmit) { select.form.requestSubmit(); } else { select.form.submit(); }
            });
          });
          // A button that acts on many events says how many once more before it posts.
          document.querySelectorAll("form[data-confirm]").forEach(function (form) {
            form.addEventListener("submit", function (event) {
              if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
            });
          });
        })();

        """

    /// Rules for the console's pages (layout, tables, state badges, the chart).
    static let stylesheet = """
        header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .6rem 1.5rem; border-bottom: 1px solid rgba(127,127,127,.3); }
        header.top nav a { text-decoration: none; color: inherit; padding: .2rem 0; }
        header.top nav a.brand { font-weight: 600; margin-right: 1.5rem; }
        header.top nav a[aria-current=page] { border-bottom: 2px solid var(--accent); }
        header.top .who { margin-left: auto; font-size: .9rem; }
        header.top .who button { padding: .2rem .6rem; margin-left: .5rem; }
        main.wide { max-width: 80rem; }
        h2 { font-size: 1.1rem; margin: 1.8rem 0 .6rem; }
        table { border-collapse: collapse; width: 100%; font-size: .92rem; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid rgba(127,127,127,.2); vertical-align: top; }
        th { font-weight: 600; color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        td.error { max-width: 28rem; overflow-wrap: anywhere; }
        code, pre, .id { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; }
        pre.body { padding: .8rem; border: 1px solid rgba(127,127,127,.3); border-radius: 4px; overflow: auto; max-height: 40rem; }
        .badge { display: inline-block; padding: 0 .45rem; margin: 0 .25rem .15rem 0; border-radius: 999px; font-size: .8rem; white-space: nowrap; background: rgba(127,127,127,.18); }
        .badge.delivered { background: rgba(34,139,34,.2); }
        .badge.retrying, .badge.pending { background: rgba(218,165,32,.3); }
        .badge.dead { background: rgba(180,43,43,.25); }
        .badge.quarantined { background: rgba(128,0,128,.22); }
        .badge.resolved, .badge.filtered-out, .badge.expired { background: rgba(127,127,127,.18); }
        .notice { padding: .5rem .7rem; border-left: 3px solid var(--accent); margin: 0 0 1rem; background: rgba(43,95,180,.08); }
        .message.error { border-left-color: var(--danger); }
        .tiles { display: flex; flex-wrap: wrap; gap: .8rem; margin: 0 0 1rem; }
        .tile { flex: 1 1 10rem; padding: .6rem .8rem; border: 1px solid rgba(127,127,127,.3); border-radius: 6px; }
        .tile .value { display: block; font-size: 1.5rem; font-weight: 600; }
        .tile .label { color: var(--muted); font-size: .85rem; }
        .tile.alert { border-color: var(--danger); }
        .tile a { display: block; color: inherit; text-decoration: none; }
        .tile a:hover .label { text-decoration: underline; }
        a.button { display: inline-block; padding: .35rem .9rem; border-radius: 4px; background: var(--accent); color: #fff; text-decoration: none; }
        a.button.secondary { background: rgba(127,127,127,.35); color: inherit; }
        table.events td:first-child, table.held td:first-child { white-space: nowrap; }
        svg.chart { width: 100%; max-width: 48rem; height: auto; display: block; }
        svg.chart .bar { fill: var(--accent); }
        svg.chart .axis { stroke: rgba(127,127,127,.5); stroke-width: 1; }
        svg.chart text { fill: currentColor; font-size: 11px; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem .8rem; align-items: flex-end; margin: 0 0 1rem; }
        form.filters label { margin: 0; font-size: .85rem; }
        form.filters input, form.filters select { display: block; padding: .3rem .4rem; font: inherit; margin-top: .15rem; }
        form.filters input[name=q] { width: 18rem; }
        form.inline input[type=text] { display: inline-block; width: 12rem; padding: .2rem .4rem; margin: 0 .3rem 0 0; }
        td form.inline button, .actions button { padding: .2rem .7rem; }
        button.secondary { background: rgba(127,127,127,.35); color: inherit; }
        button.danger { background: var(--danger); }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: .8rem 0; }
        .pager { display: flex; gap: 1.5rem; margin: 1rem 0; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 1rem; }
        dl.meta dt { color: var(--muted); }
        dl.meta dd { margin: 0; overflow-wrap: anywhere; }
        textarea { display: block; width: 100%; min-height: 4rem; font: inherit; padding: .4rem; margin-top: .2rem; }

        """
}
