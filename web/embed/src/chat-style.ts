// The chat's CSS, added to the widget's shadow root when the chat loads.
export const CHAT_CSS = `
.card { display: flex; flex-direction: column; gap: 2px; margin: 8px 10px 0; padding: 8px 10px; border: 1px solid #ffd8c2; border-radius: 8px; background: #fff7f2; }
.card .label { font-size: 11px; color: #8f959e; }
.card .name { font-weight: 600; font-size: 14px; }
.card .meta { display: flex; gap: 12px; font-size: 13px; }
.card .price { color: #ff5000; font-weight: 600; }
.card .stock.out { color: #c00; }
.messages { flex: 1; margin: 0; padding: 10px; list-style: none; overflow-y: auto; background: #f5f6f7; }
.msg { display: flex; flex-direction: column; margin: 6px 0; }
.msg.me { align-items: flex-end; }
.bubble { max-width: 85%; padding: 8px 10px; border-radius: 10px; background: #fff; white-space: pre-wrap; word-break: break-word; font-size: 14px; }
.msg.me .bubble { background: #ff5000; color: #fff; }
.msg .state, .trace { margin-top: 2px; font-size: 11px; color: #8f959e; }
.msg.failed .state { color: #c00; }
.rating { margin: 8px 0; padding: 8px; border-radius: 8px; background: #fff; text-align: center; }
.stars { display: flex; justify-content: center; gap: 4px; }
.star { border: 0; background: none; font-size: 22px; color: #f5a623; padding: 0 2px; }
.quick { display: flex; flex-wrap: wrap; gap: 6px; padding: 6px 10px 0; background: #fff; }
.quick button { border: 1px solid #ff5000; border-radius: 14px; background: #fff; color: #ff5000; padding: 2px 10px; font-size: 12px; max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.composer { display: flex; gap: 6px; padding: 8px 10px; border-top: 1px solid #eee; background: #fff; }
.composer input { flex: 1; min-width: 0; padding: 7px 10px; border: 1px solid #d0d3d6; border-radius: 6px; font: inherit; color: inherit; background: #fff; }
.composer button { border: 0; border-radius: 6px; padding: 6px 10px; white-space: nowrap; }
.composer .send { background: #ff5000; color: #fff; }
.composer .human { background: #f0f1f2; color: #1f2329; }
`;
