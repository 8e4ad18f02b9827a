// The sandbox chat: groups on the left, the conversation on the right, a persona picker to speak
// as anyone, the private chat with the bot, a clock control, and live updates from
// /api/sandbox/stream. Talks only to the sandbox API (docs/console.md lists it).
(function () {
  'use strict';
  var app = document.getElementById('app');
  var botName = app.dataset.botName;
  var tz = app.dataset.timezone || 'Asia/Shanghai';
  var $ = function (id) { return document.getElementById(id); };
  var api = function (path, body) {
    return fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (res) {
        return res.json().then(function (json) {
          if (!res.ok) throw new Error(json.error || res.status);
          return json;
        });
      });
  };

  var KIND_LABELS = { resident: '居民群', duty: '值班群', leaders: '领导群', unbound: '未绑定的群' };
  var ROLE_LABELS = { resident: '居民', staff: '工作人员', leader: '领导' };
  var TIPS = {
    resident: '以居民身份像平时一样说出问题（如「3号楼电梯又坏了」），机器人会登记成工单并通知值班群。',
    duty: '值班人员可回复「认领 N」「进展 N 文字」「办结 N 文字」「退回 N 原因」「查 N」「待办」。',
    leaders: '领导可发送「日报」。紧急工单和超时升级也会推送到这里。',
    dm: '以值班人员或领导的身份发送「登录」，机器人会私聊回复控制台登录码。',
    unbound: '机器人在这个群里，但它还没有绑定：领导可在群里发「绑定 社区名 居民群」等命令。',
  };

  var state = {
    rooms: [],
    people: [],
    botId: null,
    current: null, // a room id, or 'dm'
    persona: {}, // chat key → contact id
    seen: {}, // chat (room id or dm:<id>) → { ids: {}, lines: [] }
    unread: {},
    last: {},
  };

  var timeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, hour: '2-digit', minute: '2-digit', hour12: false });
  var dayFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: 'long', day: 'numeric' });
  var clockFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

  function colour(name) {
    var h = 0;
    for (var i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) % 360;
    return 'hsl(' + h + ', 45%, 52%)';
  }
  function avatar(name, isBot, cls) {
    var el = document.createElement('span');
    el.className = 'avatar' + (cls ? ' ' + cls : '');
    el.textContent = isBot ? '邻' : (name || '?').slice(0, 1);
    el.style.background = isBot ? '#07c160' : colour(name || '?');
    return el;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function chatKey() {
    return state.current === 'dm' ? 'dm:' + state.persona.dm : state.current;
  }
  function room(id) {
    return state.rooms.find(function (r) { return r.id === id; });
  }
  // A group the bot has not bound has kind null: listed apart, under its own label.
  function kindOf(r) {
    return r.kind || 'unbound';
  }
  function nameOf(id) {
    var p = state.people.find(function (x) { return x.id === id; });
    return p ? p.name : id === state.botId ? botName : id;
  }

  // ---- chat list ----
  // Built once; later only an item's preview, badge and highlight change, so the list never
  // jumps under the pointer while messages arrive.
  var items = {};
  function renderList() {
    var list = $('chats');
    list.textContent = '';
    ['resident', 'duty', 'leaders', 'unbound'].forEach(function (kind) {
      var rooms = state.rooms.filter(function (r) { return kindOf(r) === kind; });
      if (!rooms.length) return;
      list.appendChild(el('h3', '', KIND_LABELS[kind]));
      rooms.forEach(function (r) { list.appendChild(listItem(r.id, r.topic, kind)); });
    });
    list.appendChild(el('h3', '', '私聊'));
    list.appendChild(listItem('dm', '私聊 · ' + botName, 'dm'));
  }
  function listItem(id, title, kind) {
    var b = el('button', 'chat-item');
    b.type = 'button';
    b.setAttribute('data-testid', 'chat-item');
    b.dataset.chat = id;
    b.appendChild(avatar(kind === 'dm' ? botName : title, kind === 'dm', 'group'));
    var mid = el('div');
    mid.appendChild(el('div', 'name', title));
    var preview = el('div', 'preview', '');
    mid.appendChild(preview);
    b.appendChild(mid);
    var meta = el('div', 'meta');
    meta.appendChild(el('span', 'kind', kind === 'dm' ? '机器人' : KIND_LABELS[kind]));
    var badge = el('span', 'unread', '');
    meta.appendChild(badge);
    b.appendChild(meta);
    b.addEventListener('click', function () { select(id); });
    items[id] = { button: b, preview: preview, badge: badge };
    return b;
  }
  function updateItem(id) {
    var item = items[id];
    if (!item) return;
    var last = state.last[id];
    item.preview.textContent = last ? last.fromName + '：' + (last.type === 'image' ? '[图片]' : last.text.replace(/\s+/g, ' ')) : '';
    item.badge.textContent = state.unread[id] ? String(state.unread[id]) : '';
    item.button.classList.toggle('active', state.current === id);
  }
  function updateList() {
    Object.keys(items).forEach(updateItem);
  }

  // ---- persona picker ----
  function personaOptions() {
    var sel = $('persona');
    sel.textContent = '';
    var members = state.current === 'dm'
      ? state.people.slice().sort(function (a, b) { return rank(a.role) - rank(b.role); })
      : room(state.current).members.filter(function (m) { return m.role !== 'bot'; });
    ['staff', 'leader', 'resident'].forEach(function (role) {
      var group = members.filter(function (m) { return m.role === role; });
      if (!group.length) return;
      var og = document.createElement('optgroup');
      og.label = ROLE_LABELS[role];
      group.forEach(function (m) {
        var o = document.createElement('option');
        o.value = m.id;
        o.textContent = m.name;
        og.appendChild(o);
      });
      sel.appendChild(og);
    });
    var key = state.current;
    var preferred = state.persona[key];
    if (!preferred || !members.some(function (m) { return m.id === preferred; })) {
      var first = state.current === 'dm' ? members[0] : (members.find(function (m) { return m.role === (kindOf(room(key)) === 'resident' ? 'resident' : m.role); }) || members[0]);
      preferred = first && first.id;
      state.persona[key] = preferred;
    }
    sel.value = preferred;
  }
  function rank(role) { return role === 'staff' ? 0 : role === 'leader' ? 1 : 2; }

  // ---- conversation ----
  function select(id) {
    state.current = id;
    app.classList.remove('show-list');
    state.unread[id] = 0;
    history.replaceState(null, '', '#' + (id === 'dm' ? 'dm' : encodeURIComponent(id)));
    personaOptions();
    var r = id === 'dm' ? null : room(id);
    $('conv-title').textContent = r ? r.topic : '私聊 · ' + botName;
    $('conv-sub').textContent = r ? KIND_LABELS[kindOf(r)] + ' · ' + r.members.length + ' 人' : '以所选身份和机器人一对一聊天';
    $('mention-wrap').hidden = !r;
    var tip = $('conv-tip');
    tip.textContent = TIPS[r ? kindOf(r) : 'dm'];
    tip.hidden = false;
    updateList();
    loadConversation();
  }

  function loadConversation() {
    var key = chatKey();
    var path = state.current === 'dm'
      ? '/api/sandbox/private/' + encodeURIComponent(state.persona.dm) + '/messages'
      : '/api/sandbox/rooms/' + encodeURIComponent(state.current) + '/messages';
    $('messages').textContent = '';
    $('messages').dataset.chat = key;
    delete $('messages').dataset.loaded;
    return api(path).then(function (res) {
      var bucket = (state.seen[key] = state.seen[key] || { ids: {}, lines: [] });
      res.messages.forEach(function (m) {
        if (!bucket.ids[m.id]) { bucket.ids[m.id] = true; bucket.lines.push(m); }
      });
      if (chatKey() === key) {
        renderMessages(bucket.lines);
        $('messages').dataset.loaded = key;
      }
    });
  }

  function renderMessages(lines) {
    var list = $('messages');
    list.textContent = '';
    if (!lines.length) list.appendChild(el('li', 'empty-chat', '还没有消息'));
    var prevDay = null;
    lines.forEach(function (m) { prevDay = appendMessage(m, prevDay); });
    list.scrollTop = list.scrollHeight;
  }

  function appendMessage(m, prevDay) {
    var list = $('messages');
    var empty = list.querySelector('.empty-chat');
    if (empty) empty.remove();
    var day = dayFmt.format(new Date(m.at));
    if (prevDay === undefined) prevDay = list.dataset.lastDay || null;
    if (day !== prevDay) list.appendChild(el('li', 'day-sep', day));
    list.dataset.lastDay = day;
    var isBot = m.from === state.botId;
    var me = !isBot && m.from === state.persona[state.current];
    var li = el('li', 'msg' + (isBot ? ' bot' : '') + (me ? ' me' : '') + (m.type === 'image' ? ' image' : ''));
    li.setAttribute('data-testid', 'message');
    li.dataset.from = m.from;
    if (isBot) li.dataset.bot = '1';
    li.appendChild(avatar(m.fromName, isBot));
    var body = el('div', 'body');
    var who = el('div', 'who', m.fromName);
    var t = el('time', '', timeFmt.format(new Date(m.at)));
    who.appendChild(t);
    body.appendChild(who);
    body.appendChild(bubble(m));
    li.appendChild(body);
    var nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
    list.appendChild(li);
    if (nearBottom || me) list.scrollTop = list.scrollHeight;
    return day;
  }

  // A picture (a resident's photo, the leaders' digest chart) is shown as it is, from its url.
  function bubble(m) {
    if (m.type !== 'image') return el('div', 'bubble', m.text);
    if (!m.url) return el('div', 'bubble', '[图片]');
    var box = el('div', 'bubble picture');
    var link = el('a');
    link.href = m.url;
    link.target = '_blank';
    link.rel = 'noopener';
    var img = document.createElement('img');
    img.src = m.url;
    img.alt = m.from === state.botId ? '机器人发送的图片' : '图片';
    img.loading = 'lazy';
    img.setAttribute('data-testid', 'message-image');
    img.addEventListener('load', function () {
      var list = $('messages');
      if (list.scrollHeight - list.scrollTop - list.clientHeight < img.height + 120) list.scrollTop = list.scrollHeight;
    });
    link.appendChild(img);
    box.appendChild(link);
    return box;
  }

  // ---- live stream ----
  function onMessage(event) {
    var chat = event.chat;
    var m = event.message;
    var bucket = (state.seen[chat] = state.seen[chat] || { ids: {}, lines: [] });
    if (bucket.ids[m.id]) return;
    bucket.ids[m.id] = true;
    bucket.lines.push(m);
    var listId = chat.indexOf('dm:') === 0 ? 'dm' : chat;
    state.last[listId] = m;
    if (chat === chatKey()) appendMessage(m);
    else state.unread[listId] = (state.unread[listId] || 0) + 1;
    updateItem(listId);
  }

  function connect() {
    var source = new EventSource('/api/sandbox/stream');
    source.addEventListener('open', function () { app.dataset.live = 'open'; });
    source.addEventListener('error', function () { app.dataset.live = 'reconnecting'; });
    source.addEventListener('message', function (e) { onMessage(JSON.parse(e.data)); });
    source.addEventListener('clock', function (e) { showClock(JSON.parse(e.data).now); });
    var reopened = false;
    source.addEventListener('open', function () {
      if (reopened && state.current) loadConversation();
      reopened = true;
    });
  }

  function showClock(iso) {
    $('clock-now').textContent = clockFmt.format(new Date(iso));
    $('clock-now').dateTime = iso;
  }

  // ---- composer ----
  $('persona').addEventListener('change', function () {
    state.persona[state.current] = this.value;
    if (state.current === 'dm') loadConversation();
    else renderMessages((state.seen[state.current] || { lines: [] }).lines);
  });

  $('composer').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = $('text');
    var text = input.value.trim();
    if (!text) return;
    var from = $('persona').value;
    var send = state.current === 'dm'
      ? api('/api/sandbox/private/' + encodeURIComponent(from) + '/messages', { text: text })
      : api('/api/sandbox/rooms/' + encodeURIComponent(state.current) + '/messages', { from: from, text: text, mentionBot: $('mention-bot').checked });
    input.value = '';
    send.catch(function (err) { window.alert('发送失败：' + err.message); input.value = text; });
  });

  document.querySelectorAll('[data-advance]').forEach(function (b) {
    b.addEventListener('click', function () {
      var buttons = document.querySelectorAll('[data-advance]');
      buttons.forEach(function (x) { x.disabled = true; });
      api('/api/sandbox/clock', { advanceMinutes: Number(b.dataset.advance) })
        .then(function (res) { showClock(res.now); })
        .catch(function (err) { window.alert('调整时间失败：' + err.message); })
        .then(function () { buttons.forEach(function (x) { x.disabled = false; }); });
    });
  });

  $('toggle-list').addEventListener('click', function () { app.classList.toggle('show-list'); });

  // ---- start ----
  Promise.all([api('/api/sandbox/rooms'), api('/api/sandbox/people'), api('/api/sandbox/clock', { advanceMinutes: 0 })]).then(function (res) {
    state.rooms = res[0];
    state.people = res[1];
    showClock(res[2].now);
    var bot = state.rooms.length && state.rooms[0].members.find(function (m) { return m.role === 'bot'; });
    state.botId = bot ? bot.id : null;
    var wanted = decodeURIComponent(location.hash.slice(1));
    var first = wanted === 'dm' || room(wanted) ? wanted : (state.rooms.find(function (r) { return r.kind === 'resident'; }) || state.rooms[0]).id;
    renderList();
    connect();
    select(first);
    // Each group's last line for the list, as WeChat shows it.
    state.rooms.forEach(function (r) {
      api('/api/sandbox/rooms/' + encodeURIComponent(r.id) + '/messages').then(function (res) {
        var last = res.messages[res.messages.length - 1];
        if (last && !state.last[r.id]) state.last[r.id] = last;
        updateItem(r.id);
      });
    });
    app.dataset.ready = '1';
  });
})();
