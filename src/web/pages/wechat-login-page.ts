// 微信登录 (leaders and admins): whether the bot is logged in to WeChat and, while it waits for a
// scan, the QR code — rendered on this server, inline, so the code never leaves the console.
import { fullTime } from '../console-format.js';
import { html, raw, type SafeHtml } from '../html.js';

export interface WechatLoginPageModel {
  phase: string;
  /** The QR code as SVG markup (rendered by qrcode from the gateway's payload), while one waits. */
  qrSvg: string | null;
  qrSince: Date | null;
  failedStarts: number;
  maxFailedStarts: number;
  lastFailure: { reason: string; at: Date } | null;
  account: string | null;
  timezone: string;
}

const SCAN_STEPS = html`<ol class="steps">
  <li>拿出<strong>机器人专用的</strong>手机微信号，点右上角「+」→「扫一扫」。</li>
  <li>扫下面的二维码，在手机上点「登录」确认。</li>
  <li>登录后本页显示「已登录」，群里的消息开始处理。</li>
</ol>
<p class="muted">不要用自己的微信扫：谁扫码，机器人就以谁的微信号登录。二维码每隔几分钟会更新，本页每 5 秒刷新。</p>`;

export function wechatLoginPage(m: WechatLoginPageModel): SafeHtml {
  return html`<section class="card narrow" data-testid="wechat-login" data-phase="${m.phase}">
  <h1>微信登录</h1>
  ${body(m)}
</section>`;
}

function body(m: WechatLoginPageModel): SafeHtml {
  switch (m.phase) {
    case 'logged_in':
      return html`<p class="alert ok" role="status">机器人已登录微信${m.account ? html`：<strong>${m.account}</strong>` : ''}。</p>`;
    case 'waiting_for_scan':
      return html`${SCAN_STEPS}
  ${m.qrSvg ? html`<figure class="qr" data-testid="qr">${raw(m.qrSvg)}<figcaption>二维码生成于 ${m.qrSince ? fullTime(m.qrSince, m.timezone) : ''}</figcaption></figure>` : ''}`;
    case 'scanned':
      return html`<p class="alert ok" role="status">已扫码，请在手机上确认登录。</p>`;
    case 'retrying':
      return html`<p class="alert error" role="status">连接微信失败（连续第 ${m.failedStarts} 次，共可试 ${m.maxFailedStarts} 次）：${m.lastFailure?.reason ?? ''}</p>
  <p>稍后自动重试；都失败后进程退出，由 systemd 或 Docker 重新启动。请检查网络和 <code>.env</code> 里的 WECHATY_PUPPET 设置。</p>`;
    case 'logged_out':
      return html`<p class="alert error" role="status">机器人已掉线，正在重新连接。需要扫码时，二维码会出现在这里。</p>
  <p class="muted">掉线期间收到的消息会在登录后补处理，机器人要说的话会排队，登录后按节奏发出。</p>`;
    case 'stopped':
      return html`<p class="muted">机器人正在停止。</p>`;
    default:
      return html`<p class="muted" role="status">正在连接微信……</p>`;
  }
}
