// The console's page shell: head, top navigation, the signed-in person, and the live-update hook.
import { html, raw, type SafeHtml } from '../html.js';
import { ROLE_LABELS, type Principal } from '../principal.js';

export type NavKey = 'tickets' | 'dashboard' | 'export' | 'people' | 'groups' | 'wechat' | 'admin' | 'none';

export interface LayoutOptions {
  title: string;
  principal: Principal;
  active: NavKey;
  body: SafeHtml;
  sandbox: boolean;
  /** Community names of a staff member's scope, shown beside their name. */
  scopeLabel?: string;
  scripts?: string[];
  /** Reload the page this often (a state that changes by itself, such as a login QR code). */
  refreshSeconds?: number;
}

function navLink(href: string, label: string, key: NavKey, active: NavKey): SafeHtml {
  return html`<a href="${href}" class="${key === active ? 'active' : ''}" ${key === active ? raw('aria-current="page"') : ''}>${label}</a>`;
}

export function consolePage(o: LayoutOptions): string {
  const csrf = o.principal.session?.csrfToken ?? '';
  const scripts = ['/assets/console.js', ...(o.scripts ?? [])];
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${csrf}">
${o.refreshSeconds ? html`<meta http-equiv="refresh" content="${o.refreshSeconds}">` : ''}
<title>${o.title} · 邻里指挥中心</title>
<link rel="stylesheet" href="/assets/console.css">
</head>
<body>
<header class="topbar">
  <a class="brand" href="/console/tickets"><span class="logo">邻</span><span>邻里 · 指挥中心</span></a>
  <nav class="mainnav">
    ${navLink('/console/tickets', '工单', 'tickets', o.active)}
    ${navLink('/console/dashboard', '数据看板', 'dashboard', o.active)}
    ${navLink('/console/export', '导出', 'export', o.active)}
    ${o.principal.role === 'leader' || o.principal.role === 'admin' ? html`${navLink('/console/people', '人员', 'people', o.active)}${navLink('/console/groups', '群', 'groups', o.active)}${navLink('/console/wechat', '微信登录', 'wechat', o.active)}` : ''}
    ${o.principal.role === 'admin' ? navLink('/console/admin', '配置', 'admin', o.active) : ''}
    ${o.sandbox ? html`<a href="/sandbox" class="sandbox-link">沙盒聊天</a>` : ''}
  </nav>
  <div class="who">
    <span class="who-name" data-testid="who">${o.principal.personName}</span>
    <span class="who-role">${ROLE_LABELS[o.principal.role]}${o.scopeLabel ? ` · ${o.scopeLabel}` : ''}</span>
    <form method="post" action="/console/logout" class="logout">
      <input type="hidden" name="_csrf" value="${csrf}">
      <button type="submit" class="link">退出</button>
    </form>
  </div>
</header>
<main class="page" id="main">
${o.body}
</main>
${scripts.map((src) => html`<script src="${src}" defer></script>`)}
</body>
</html>`.value;
}

/** A bare page (sign-in, errors) with no navigation. */
export function plainPage(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 邻里指挥中心</title>
<link rel="stylesheet" href="/assets/console.css">
</head>
<body class="plain">
${body}
</body>
</html>`.value;
}
