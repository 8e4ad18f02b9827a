// 配置 (admins): the taxonomy and deadlines as loaded, and the login log. Read-only: configuration
// lives in config/*.yaml and is reloaded by restarting the bot. People and groups have their own
// editable pages (identity-pages.ts).
import type { ConsoleSession } from '../../app/ports/console-auth.js';
import type { LinliConfig } from '../../config/linli-config.js';
import { html, type SafeHtml } from '../html.js';
import { fullTime } from '../console-format.js';
import { ROLE_LABELS } from '../principal.js';

export function adminPage(o: { config: LinliConfig; sessions: ConsoleSession[] }): SafeHtml {
  const c = o.config;
  const tz = c.timezone;
  const sla = (code: string) => ({ ...c.sla.default, ...(c.sla.categories[code] ?? {}) });
  return html`<section class="toolbar"><h1>配置</h1></section>
<p class="hint">配置来自 config/linli.yaml（沙盒模式为 config/sandbox.yaml），修改后重启生效。</p>
<p class="hint">人员和群的绑定在 <a href="/console/people">人员</a> 和 <a href="/console/groups">群</a> 两页管理（按微信 id 和群 id，改名不影响）。</p>
<section class="card"><h2>分类与时限</h2>
  <table class="mini"><thead><tr><th>分类</th><th>归口部门</th><th>一般：签收 / 办结</th><th>紧急：签收 / 办结</th></tr></thead><tbody>
  ${c.categories.map((cat) => {
    const d = sla(cat.code);
    return html`<tr><td>${cat.name}</td><td>${cat.department}</td><td>${d.normal.claimMinutes} 分钟 / ${d.normal.resolveHours} 小时</td><td>${d.urgent.claimMinutes} 分钟 / ${d.urgent.resolveHours} 小时</td></tr>`;
  })}
  </tbody></table>
</section>
<section class="card"><h2>最近登录</h2>
  <table class="mini" data-testid="login-log"><thead><tr><th>时间</th><th>姓名</th><th>角色</th><th>方式</th><th>地址</th><th>状态</th></tr></thead><tbody>
  ${o.sessions.map(
    (s) => html`<tr><td>${fullTime(s.createdAt, tz)}</td><td>${s.personName}</td><td>${ROLE_LABELS[s.role]}</td><td>${s.method === 'code' ? '登录码' : '管理员令牌'}</td><td>${s.ip ?? ''}</td><td>${s.revokedAt ? '已退出' : s.expiresAt.getTime() < Date.now() ? '已过期' : '有效'}</td></tr>`,
  )}
  </tbody></table>
</section>`;
}
