import { html } from '../html.js';
import { plainPage } from './layout.js';

export interface LoginPageOptions {
  csrf: string;
  code?: string;
  next?: string;
  error?: string;
  sandbox: boolean;
  codeMinutes: number;
}

export function loginPage(o: LoginPageOptions): string {
  return plainPage(
    '登录',
    html`<main class="login-card">
  <div class="login-brand"><span class="logo">邻</span> 邻里 · 指挥中心</div>
  <h1>登录控制台</h1>
  <ol class="login-steps">
    <li>在微信里私聊机器人，发送「<b>登录</b>」</li>
    <li>机器人回复一个 6 位登录码（${o.codeMinutes} 分钟内有效，只能用一次）</li>
    <li>在下面输入登录码</li>
  </ol>
  ${o.error ? html`<p class="alert error" role="alert" data-testid="login-error">${o.error}</p>` : ''}
  <form method="post" action="/console/login" class="login-form">
    <input type="hidden" name="_csrf" value="${o.csrf}">
    <input type="hidden" name="next" value="${o.next ?? ''}">
    <label for="code">登录码</label>
    <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" autofocus required
      placeholder="6 位数字" value="${o.code ?? ''}" data-testid="login-code">
    <button type="submit" class="primary" data-testid="login-submit">登录</button>
  </form>
  <p class="hint">首次部署时，管理员可在上面输入环境变量 CONSOLE_TOKEN 的值登录。</p>
  ${o.sandbox ? html`<p class="hint">沙盒模式：打开 <a href="/sandbox">沙盒聊天</a>，选「私聊机器人」，以值班人员或领导身份发送「登录」。</p>` : ''}
</main>`,
  );
}
