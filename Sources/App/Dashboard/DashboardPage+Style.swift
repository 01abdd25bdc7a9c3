extension DashboardPage {
    /// The dashboard's inline style sheet: readable on a phone, printable, high contrast, with a
    /// visible focus ring for keyboard users.
    static let style = """
        *{box-sizing:border-box}
        body{font-family:system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1b1b1b;background:#fff}
        header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;border-bottom:1px solid #ccc}
        header p{margin:.5rem 0}nav{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}nav form{margin:0}nav.years ul{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0;margin:.5rem 0}
        .brand{letter-spacing:.1em;text-transform:uppercase;color:#555;font-weight:600}
        h1{font-size:1.5rem;margin:1rem 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem}.asof{margin-top:0;color:#333}
        .note,small{font-size:.875rem;color:#444}.note{margin:.25rem 0}
        .figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:.75rem;margin:1rem 0}
        .figure{border:1px solid #bbb;border-radius:.5rem;padding:.75rem;break-inside:avoid}.wide{grid-column:1/-1}
        .figure dt{font-weight:600}.figure dd{margin:0}.big{font-size:1.75rem;font-weight:700;font-variant-numeric:tabular-nums}
        .sentence{font-size:1.05rem;margin:.25rem 0}
        .levels{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0}.levels dd{margin:0;font-weight:700;font-variant-numeric:tabular-nums}
        .beside{border-left:4px solid #767676;padding-left:1rem;margin-top:1.5rem}.beside dt{font-weight:600}.beside dd{margin:0 0 .75rem}
        .warn{background:#fff4d6;color:#713f12;padding:.5rem 1rem;border-radius:.5rem}
        figure{margin:0}figure svg{display:block;max-width:32rem;height:auto}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}.scroll{overflow-x:auto}
        th,td{padding:.35rem .5rem;border-bottom:1px solid #ddd;text-align:right;vertical-align:top}
        th[scope=row],th.l{text-align:left}th[scope=row]{font-weight:400}
        details{margin-top:.75rem}summary{cursor:pointer;color:#1d4ed8}
        .signin{display:grid;gap:.5rem;max-width:22rem}
        input{font:inherit;padding:.5rem;border:1px solid #555;border-radius:.4rem;width:100%}
        button{font:inherit;padding:.4rem .9rem;border:1px solid #555;border-radius:.4rem;background:#f2f2f2;color:#1b1b1b;cursor:pointer}
        .signin button{margin-top:.5rem;justify-self:start}
        a{color:#1d4ed8}:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
        footer{margin-top:2rem;border-top:1px solid #ccc}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        @media print{nav,details{display:none}body{max-width:none;padding:0}figure svg{max-width:28rem}section{break-inside:avoid-page}}
        """
}
