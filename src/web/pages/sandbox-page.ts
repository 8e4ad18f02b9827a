// The sandbox chat (sandbox mode only): a WeChat-like view of the simulated district. The page is
// a shell; /assets/sandbox.js fills it from the sandbox API and its event stream.
import { html } from '../html.js';

export function sandboxPage(o: { districtName: string; botName: string; timezone: string }): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>沙盒 · ${o.districtName} · 邻里 Linli</title>
<link rel="stylesheet" href="/assets/sandbox.css">
</head>
<body>
<div class="app" id="app" data-bot-name="${o.botName}" data-timezone="${o.timezone}">
  <header class="bar">
    <button class="icon menu" id="toggle-list" aria-label="会话列表">☰</button>
    <div class="title"><b>邻里 Linli 沙盒</b><span class="district">${o.districtName} · 模拟微信</span></div>
    <div class="clock" data-testid="clock">
      <span class="clock-label">沙盒时间</span>
      <time id="clock-now" data-testid="clock-now">—</time>
      <button data-advance="30" data-testid="advance-30">+30 分钟</button>
      <button data-advance="120" data-testid="advance-120">+2 小时</button>
      <button data-advance="1440" data-testid="advance-1440">+1 天</button>
    </div>
    <a class="console-link" href="/console" target="_blank" rel="noopener" data-testid="console-link">打开控制台 ↗</a>
  </header>
  <aside class="chats" id="chats" data-testid="chat-list"></aside>
  <section class="conversation">
    <header class="conv-head">
      <div><b id="conv-title" data-testid="conv-title">—</b> <span id="conv-sub" class="sub"></span></div>
    </header>
    <div class="tip" id="conv-tip" hidden></div>
    <ol class="messages" id="messages" data-testid="messages" aria-live="polite"></ol>
    <form class="composer" id="composer" autocomplete="off">
      <label class="persona"><span>身份</span><select id="persona" data-testid="persona"></select></label>
      <label class="mention" id="mention-wrap"><input type="checkbox" id="mention-bot" data-testid="mention-bot"> @${o.botName}</label>
      <input id="text" class="text" placeholder="输入消息，回车发送" data-testid="composer-text" required>
      <button type="submit" class="send" data-testid="composer-send">发送</button>
    </form>
  </section>
</div>
<script src="/assets/sandbox.js" defer></script>
</body>
</html>`.value;
}
