/**
 * The picture's look, shared by the standalone SVG and the HTML pages: light and dark (prefers-color-scheme), and
 * print. Every state has a pattern or outline of its own as well as a colour, and the legend spells them out.
 */
export const MAP_STYLE = `
svg.address-map{font-family:"DejaVu Sans Mono","Liberation Mono",ui-monospace,monospace;--ink:#1b1f24;--muted:#57606a;--paper:#fff;--pool:#eef3f8;--pool-line:#6e7781;--used:#3b6fb6;--docker0:#153e75;--blocked:#b35900;--net:#d8e6f7;--net-line:#2f5f9e;--compose:#efe3f8;--compose-line:#7a3fa8;--next:#ddf4e4;--next-line:#1f7a3d;--host:#f3efe1;--host-line:#7d6608;--reserved:#fde8e0;--reserved-line:#9c3d10;--conflict:#c62828;--conflict-fill:rgba(198,40,40,.18)}
@media (prefers-color-scheme:dark){svg.address-map{--ink:#e6edf3;--muted:#9da7b3;--paper:#0d1117;--pool:#1c2430;--pool-line:#8b949e;--used:#5b9be8;--docker0:#a8c8f0;--blocked:#f0a050;--net:#1d3350;--net-line:#79aef0;--compose:#35234a;--compose-line:#c79be8;--next:#173a25;--next-line:#6fd08f;--host:#3a3420;--host-line:#e0c060;--reserved:#4a2418;--reserved-line:#f29b78;--conflict:#ff6b6b;--conflict-fill:rgba(255,107,107,.22)}}
svg.address-map .map-bg{fill:var(--paper)}
svg.address-map text{fill:var(--ink);font-size:11px}
svg.address-map .map-heading{font-size:13px;font-weight:bold}
svg.address-map .region-title{font-size:12px;font-weight:bold}
svg.address-map .axis{fill:var(--muted)}
svg.address-map .axis-label,svg.address-map .lane-label,svg.address-map .map-note{fill:var(--muted);font-size:10px}
svg.address-map .key,svg.address-map .el-label,svg.address-map .conflict-text{font-size:10px}
svg.address-map .key-number{paint-order:stroke;stroke:var(--paper);stroke-width:3px}
svg.address-map .conflict-text,svg.address-map .conflict-label{fill:var(--conflict);font-weight:bold}
svg.address-map .conflict-label{font-size:10px}
svg.address-map .el{stroke-width:1px}
svg.address-map .el-pool,svg.address-map .el-swarm-pool{fill:var(--pool);stroke:var(--pool-line)}
svg.address-map .el-swarm-pool{stroke-dasharray:4 2}
svg.address-map .el-network{fill:var(--net);stroke:var(--net-line)}
svg.address-map .el-compose{fill:var(--compose);stroke:var(--compose-line);stroke-dasharray:5 2}
svg.address-map .el-next{fill:var(--next);stroke:var(--next-line);stroke-dasharray:2 2}
svg.address-map .el-route,svg.address-map .el-address,svg.address-map .el-nameserver,svg.address-map .el-input{fill:var(--host);stroke:var(--host-line)}
svg.address-map .el-reserved{fill:url(#pat-reserved);stroke:var(--reserved-line)}
svg.address-map .vpn{stroke-width:2px;stroke-dasharray:6 2 1 2}
svg.address-map .aggregate{stroke-width:2px}
svg.address-map .in-conflict{stroke:var(--conflict);stroke-width:2px}
svg.address-map .seg-used{fill:var(--used)}
svg.address-map .seg-docker0{fill:var(--docker0)}
svg.address-map .seg-blocked{fill:url(#pat-blocked)}
svg.address-map .conflict{fill:url(#pat-conflict);stroke:var(--conflict);stroke-width:1.5px}
svg.address-map .pat-line{stroke:var(--blocked);stroke-width:1.5px}
svg.address-map .pat-conflict-line{stroke:var(--conflict);stroke-width:2px}
svg.address-map .pat-reserved-line{stroke:var(--reserved-line);stroke-width:1px}
svg.address-map .pat-reserved-bg{fill:var(--reserved)}
svg.address-map .pat-conflict-bg{fill:var(--conflict-fill)}
svg.address-map a:focus .el,svg.address-map a:hover .el,svg.address-map a:focus .conflict,svg.address-map a:hover .conflict{stroke-width:3px;stroke:var(--ink)}
svg.address-map a:focus{outline:none}
@media print{svg.address-map{--ink:#000;--paper:#fff}}
`;

/** Patterns the style refers to; in HTML they live in an always-rendered SVG of their own (see page.ts). */
export const MAP_DEFS = `<defs>
<pattern id="pat-blocked" width="6" height="6" patternUnits="userSpaceOnUse"><path class="pat-line" d="M0 0L6 6M6 0L0 6"/></pattern>
<pattern id="pat-conflict" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="pat-conflict-bg" width="8" height="8"/><path class="pat-conflict-line" d="M0 0V8"/></pattern>
<pattern id="pat-reserved" width="6" height="6" patternUnits="userSpaceOnUse"><rect class="pat-reserved-bg" width="6" height="6"/><path class="pat-reserved-line" d="M0 6L6 0"/></pattern>
</defs>`;
