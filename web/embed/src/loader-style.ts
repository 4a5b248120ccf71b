// The launcher's and the panel frame's CSS, inside the shadow root. Selectors outside the shadow root
// cannot reach in; `:host { all: initial !important }` also resets what the storefront sets on the
// host element itself (an important declaration inside a shadow tree beats one outside it), and the
// launcher and the panel set their own font and colour, so nothing is inherited from the page.
export const LOADER_CSS = `
:host { all: initial !important; display: block !important; position: fixed !important; right: 20px !important; bottom: 20px !important; z-index: 2147483000 !important; }
.launcher, .panel { font: 14px/1.5 system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2329; text-align: left; letter-spacing: normal; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button { font: inherit; color: inherit; cursor: pointer; }
:focus-visible { outline: 2px solid #1677ff; outline-offset: 2px; }
.launcher { position: relative; display: flex; align-items: center; justify-content: center; width: 56px; height: 56px; border: 0; border-radius: 50%; background: #ff5000; color: #fff; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 6px; border-radius: 10px; background: #e02020; color: #fff; font-size: 12px; line-height: 20px; text-align: center; }
.panel { position: absolute; right: 0; bottom: 68px; display: flex; flex-direction: column; width: 370px; height: min(600px, calc(100vh - 110px)); background: #fff; border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.25); overflow: hidden; }
.head { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: #ff5000; color: #fff; }
.title { flex: 1; font-weight: 600; font-size: 15px; }
.status { font-size: 12px; opacity: .9; }
.status[data-state="error"] { background: #fff; color: #c00; padding: 0 6px; border-radius: 4px; opacity: 1; }
.head button { border: 0; background: transparent; color: #fff; padding: 2px 6px; border-radius: 4px; font-size: 13px; }
.head .x { font-size: 20px; line-height: 1; }
.body { position: relative; flex: 1; display: flex; flex-direction: column; min-height: 0; }
.note { margin: auto; padding: 16px; color: #646a73; text-align: center; }
@media (max-width: 480px) {
  :host { right: 12px !important; bottom: 12px !important; }
  /* The panel covers the launcher's corner: the header's × closes it. */
  .panel:not([hidden]) ~ .launcher { display: none; }
  .panel { position: fixed; inset: 0; width: 100vw; height: 100vh; height: 100dvh; border-radius: 0; }
}
`;
