/* ShiftLink sandbox page.
 *
 * State arrives as full JSON snapshots over Server-Sent Events (GET /events); actions are JSON POSTs.
 * Rendering is incremental: lists are reconciled by key, and the static skeleton (inputs, buttons)
 * in index.html is never rebuilt, so typed text, focus and scroll positions survive every snapshot.
 * All user-provided text goes through textContent: no innerHTML anywhere.
 */
(function () {
    'use strict';

    var BOT_NAME = 'ShiftLink';
    var COMMAND = '/shiftlink';
    var COMMAND_RE = /^\/shiftlink(?:\s+|$)/i;
    var DEFAULT_CLOSE_COMMENT = 'Closed by shift manager';
    var STICK_THRESHOLD_PX = 48;
    var SYSTEM_LABELS = {
        'livechat-close': 'Conversation closed',
        'livechat-started': 'Conversation started',
        'livechat_transfer_history': 'Conversation transferred',
        'livechat_navigation_history': 'Visitor navigation',
        'command': 'Command',
        'uj': 'Joined the room',
        'ul': 'Left the room',
        'au': 'User added',
        'ru': 'User removed',
    };

    // ---------------------------------------------------------------- DOM helpers

    function $(id) {
        return document.getElementById(id);
    }

    // el('div', {className: 'x', dataset: {testid: 'y'}}, [children | strings]) — strings become text nodes.
    function el(tag, props, children) {
        var node = document.createElement(tag);
        if (props) {
            Object.keys(props).forEach(function (key) {
                var value = props[key];
                if (value === undefined || value === null) {
                    return;
                }
                if (key === 'dataset') {
                    Object.keys(value).forEach(function (d) {
                        node.dataset[d] = value[d];
                    });
                } else if (key === 'text') {
                    node.textContent = value;
                } else if (key === 'className' || key === 'title' || key === 'href' || key === 'src' || key === 'alt' || key === 'type') {
                    node[key] = value;
                } else {
                    node.setAttribute(key, value);
                }
            });
        }
        (children || []).forEach(function (child) {
            if (child === null || child === undefined || child === false) {
                return;
            }
            node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
        });
        return node;
    }

    function isStuckToBottom(scroller) {
        return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= STICK_THRESHOLD_PX;
    }

    function scrollToBottom(scroller) {
        scroller.scrollTop = scroller.scrollHeight;
        scroller.__stuck = true;
    }

    // Measured now, or remembered from the last scroll if the box's size changed since (e.g. a panel collapsed).
    function shouldStick(scroller) {
        return scroller.__stuck === true || isStuckToBottom(scroller);
    }

    /* Keyed reconciliation: `container` holds only nodes made here. Nodes whose signature is unchanged
     * are kept as they are; changed ones are replaced; order is fixed with insertBefore; the rest removed.
     * Returns the number of nodes created for keys not seen before. */
    function reconcile(container, items, keyOf, signatureOf, render) {
        var existing = new Map();
        Array.prototype.forEach.call(container.children, function (child) {
            existing.set(child.__key, child);
        });
        var added = 0;
        var wanted = new Set();
        items.forEach(function (item, index) {
            var key = keyOf(item);
            var signature = signatureOf(item);
            wanted.add(key);
            var node = existing.get(key);
            if (!node || node.__sig !== signature) {
                var fresh = render(item);
                fresh.__key = key;
                fresh.__sig = signature;
                if (node) {
                    container.replaceChild(fresh, node);
                } else {
                    added++;
                }
                existing.set(key, fresh);
                node = fresh;
            }
            var current = container.children[index];
            if (current !== node) {
                container.insertBefore(node, current || null);
            }
        });
        Array.prototype.slice.call(container.children).forEach(function (child) {
            if (!wanted.has(child.__key)) {
                container.removeChild(child);
            }
        });
        return added;
    }

    // ---------------------------------------------------------------- formatting

    function parseTime(iso) {
        var ms = Date.parse(iso);
        return isNaN(ms) ? null : ms;
    }

    function pad2(n) {
        return n < 10 ? '0' + n : String(n);
    }

    // The virtual clock is UTC (ISO strings): show it in UTC so every viewer sees the same time.
    function hhmmss(iso) {
        var ms = parseTime(iso);
        if (ms === null) {
            return '--:--:--';
        }
        var d = new Date(ms);
        return pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ':' + pad2(d.getUTCSeconds());
    }

    function hhmm(iso) {
        var ms = parseTime(iso);
        if (ms === null) {
            return '';
        }
        var d = new Date(ms);
        return pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes());
    }

    function dateOf(iso) {
        var ms = parseTime(iso);
        return ms === null ? '' : new Date(ms).toISOString().slice(0, 10) + ' UTC';
    }

    // Milliseconds → "M:SS" (minutes are not wrapped into hours: "75:00" for 75 minutes).
    function mss(ms) {
        var total = Math.max(0, Math.ceil(ms / 1000));
        return Math.floor(total / 60) + ':' + pad2(total % 60);
    }

    // Only http(s), same-origin relative and data:image URLs become links / images.
    function safeUrl(raw, forImage) {
        if (typeof raw !== 'string' || raw.trim() === '') {
            return null;
        }
        try {
            var url = new URL(raw, window.location.href);
            if (url.protocol === 'http:' || url.protocol === 'https:') {
                return url.href;
            }
            if (forImage && url.protocol === 'data:' && /^data:image\//i.test(raw.trim())) {
                return raw.trim();
            }
        } catch (e) {
            /* not a URL */
        }
        return null;
    }

    // ---------------------------------------------------------------- toasts

    function toast(message, kind) {
        var box = $('toasts');
        var node = el('div', { className: 'toast toast-' + (kind || 'error'), role: 'status', dataset: { testid: 'toast' } }, [String(message)]);
        node.addEventListener('click', function () {
            node.remove();
        });
        box.appendChild(node);
        while (box.children.length > 4) {
            box.removeChild(box.firstChild);
        }
        setTimeout(function () {
            node.classList.add('toast-leaving');
            setTimeout(function () {
                node.remove();
            }, 300);
        }, kind === 'error' || !kind ? 6000 : 3000);
    }

    // ---------------------------------------------------------------- HTTP

    // Resolves with the parsed JSON answer; rejects (and toasts) on network errors, non-2xx or {error}.
    function post(path, body, options) {
        var quiet = options && options.allowError;
        return fetch(path, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify(body),
        }).then(function (res) {
            return res.text().then(function (text) {
                var data = null;
                try {
                    data = text ? JSON.parse(text) : {};
                } catch (e) {
                    data = { error: 'Unreadable answer (HTTP ' + res.status + ')' };
                }
                if (!data || typeof data !== 'object') {
                    data = { error: 'Unexpected answer (HTTP ' + res.status + ')' };
                }
                if (!res.ok && !data.error) {
                    data.error = 'HTTP ' + res.status + ' ' + res.statusText;
                }
                if (data.error && !quiet) {
                    var err = new Error(String(data.error));
                    err.reported = true;
                    toast(data.error);
                    throw err;
                }
                return data;
            });
        }, function (networkError) {
            var err = new Error('Cannot reach the sandbox server: ' + networkError.message);
            err.reported = true;
            toast(err.message);
            throw err;
        });
    }

    // ---------------------------------------------------------------- view state

    var state = null;            // last snapshot
    var selectedRoomId = null;   // room shown in the manager pane
    var renderedRoomId = null;   // room whose messages are currently in #manager-messages
    var knownRoomIds = null;     // room ids of the previous snapshot (null before the first one)
    var agentOnlinePending = false;
    var logCollapsed = false;
    var logSeenCount = 0;
    var settingsSignature = null;
    var clockSkewMs = null;      // virtual clock minus local time at the last snapshot

    // Ties in time are common (the virtual clock stands still between advances): order by time, then by
    // the order in which this page first saw the item, which follows the order things happened.
    var seenSeq = new Map();
    var nextSeq = 0;
    function seqOf(key) {
        if (!seenSeq.has(key)) {
            seenSeq.set(key, nextSeq++);
        }
        return seenSeq.get(key);
    }

    // Merges messages and ephemeral notifications into one timeline.
    function timeline(scope, messages, notifications) {
        var entries = [];
        (messages || []).forEach(function (m, i) {
            entries.push({ kind: 'msg', key: scope + ':m:' + (m.id != null ? m.id : 'i' + i), item: m, t: parseTime(m.at), i: i });
        });
        (notifications || []).forEach(function (n, i) {
            entries.push({ kind: 'note', key: scope + ':n:' + (n.id != null ? n.id : 'i' + i), item: n, t: parseTime(n.at), i: 100000 + i });
        });
        // First sight in (time, messages-before-notifications, index) order, so a first snapshot is sensible too.
        entries.slice().sort(function (a, b) {
            return (a.t || 0) - (b.t || 0) || a.i - b.i;
        }).forEach(function (e) {
            e.seq = seqOf(e.key);
        });
        entries.sort(function (a, b) {
            return (a.t || 0) - (b.t || 0) || a.seq - b.seq;
        });
        return entries;
    }

    // ---------------------------------------------------------------- message rendering

    function attachmentTitle(a) {
        if (typeof a.title === 'string') {
            return a.title;
        }
        if (a.title && typeof a.title.value === 'string') {
            return a.title.value;
        }
        return a.fileName || a.name || '';
    }

    function attachmentLink(a) {
        return a.titleLink || a.title_link || (a.title && typeof a.title === 'object' ? a.title.link : null) || a.url || a.link || null;
    }

    function renderAttachments(attachments) {
        if (!Array.isArray(attachments) || attachments.length === 0) {
            return null;
        }
        return el('div', { className: 'attachments' }, attachments.map(function (a) {
            a = a || {};
            var title = attachmentTitle(a);
            var link = safeUrl(attachmentLink(a), false);
            var image = safeUrl(a.imageUrl || a.image_url, true);
            var text = a.text || a.description || '';
            var parts = [];
            if (title || link) {
                var label = title || link;
                parts.push(link
                    ? el('a', { className: 'attachment-title', href: link, target: '_blank', rel: 'noopener noreferrer' }, [label])
                    : el('div', { className: 'attachment-title' }, [label]));
            }
            if (text) {
                parts.push(el('div', { className: 'attachment-text' }, [String(text)]));
            }
            if (image) {
                var img = el('img', { className: 'attachment-image', src: image, alt: title || 'image attachment' });
                parts.push(el('a', { className: 'attachment-image-link', href: image, target: '_blank', rel: 'noopener noreferrer' }, [img]));
            }
            if (parts.length === 0) {
                parts.push(el('div', { className: 'attachment-text muted' }, ['(attachment)']));
            }
            var style = typeof a.color === 'string' && /^#[0-9a-f]{3,8}$/i.test(a.color) ? 'border-left-color:' + a.color : null;
            return el('div', { className: 'attachment', dataset: { testid: 'attachment' }, style: style }, parts);
        }));
    }

    function bubble(opts) {
        // opts: {testid, side: 'own'|'other', author, authorClass, text, at, attachments, extraClass, data}
        var meta = el('div', { className: 'msg-meta' }, [
            el('span', { className: 'msg-author ' + (opts.authorClass || '') }, [opts.author || '']),
            el('time', { className: 'msg-time', title: opts.at || '' }, [hhmm(opts.at)]),
        ]);
        var body = [meta];
        if (opts.text) {
            body.push(el('div', { className: 'msg-text' }, [String(opts.text)]));
        }
        var attachments = renderAttachments(opts.attachments);
        if (attachments) {
            body.push(attachments);
        }
        var dataset = Object.assign({ testid: opts.testid }, opts.data || {});
        var initial = (opts.author || '?').trim().charAt(0).toUpperCase() || '?';
        return el('div', { className: 'msg msg-' + opts.side + ' ' + (opts.extraClass || ''), dataset: dataset }, [
            el('div', { className: 'avatar ' + (opts.avatarClass || ''), 'aria-hidden': 'true' }, [initial]),
            el('div', { className: 'msg-bubble' }, body),
        ]);
    }

    function notificationNode(n, testid) {
        return el('div', { className: 'ephemeral', dataset: { testid: testid, id: String(n.id != null ? n.id : '') } }, [
            el('div', { className: 'ephemeral-head' }, [
                el('span', { className: 'ephemeral-icon', 'aria-hidden': 'true' }),
                el('span', { className: 'ephemeral-label' }, ['Only you can see this']),
                el('time', { className: 'msg-time', title: n.at || '' }, [hhmm(n.at)]),
            ]),
            el('div', { className: 'msg-text' }, [String(n.text || '')]),
        ]);
    }

    function emptyNode(text) {
        return el('div', { className: 'timeline-empty' }, [text]);
    }

    function renderRepEntry(entry) {
        if (entry.kind === 'empty') {
            return emptyNode(entry.text);
        }
        if (entry.kind === 'note') {
            return notificationNode(entry.item, 'rep-notification');
        }
        var m = entry.item;
        var rep = state && state.rep ? state.rep : {};
        var own = !m.fromBot && (m.sender === rep.username || m.sender === rep.id);
        var author = m.fromBot ? (m.alias || BOT_NAME) : (m.alias || m.senderName || m.sender || 'Unknown');
        return bubble({
            testid: 'rep-message',
            side: own ? 'own' : 'other',
            author: author,
            authorClass: m.fromBot ? 'author-bot' : '',
            avatarClass: m.fromBot ? 'avatar-bot' : (own ? 'avatar-rep' : ''),
            text: m.text,
            at: m.at,
            attachments: m.attachments,
            data: { id: String(m.id != null ? m.id : ''), fromBot: String(!!m.fromBot), own: String(own) },
        });
    }

    function renderManagerEntry(entry) {
        if (entry.kind === 'empty') {
            return emptyNode(entry.text);
        }
        if (entry.kind === 'note') {
            return notificationNode(entry.item, 'manager-notification');
        }
        var m = entry.item;
        var id = String(m.id != null ? m.id : '');
        if (m.system) {
            var label = SYSTEM_LABELS[m.system] || String(m.system);
            var text = m.text ? String(m.text) : '';
            var line = text && text !== label ? label + ' — ' + text : label;
            return el('div', { className: 'msg-system', dataset: { testid: 'manager-message', id: id, system: String(m.system) } }, [
                el('span', { className: 'msg-system-text' }, [line]),
                el('time', { className: 'msg-time', title: m.at || '' }, [hhmm(m.at)]),
            ]);
        }
        var visitor = !!m.fromVisitor;
        return bubble({
            testid: 'manager-message',
            side: visitor ? 'other' : 'own',
            author: m.senderName || (visitor ? 'Visitor' : 'Agent'),
            avatarClass: visitor ? 'avatar-rep' : 'avatar-agent',
            text: m.text,
            at: m.at,
            attachments: m.attachments,
            data: { id: id, fromVisitor: String(visitor) },
        });
    }

    function entrySignature(entry) {
        return entry.kind === 'empty' ? 'empty:' + entry.text : JSON.stringify(entry.item);
    }

    // ---------------------------------------------------------------- pane renderers

    function renderTopBar(s) {
        var clock = $('clock');
        clock.textContent = hhmmss(s.clock);
        clock.title = s.clock || '';
        clock.dateTime = s.clock || '';
        clock.dataset.iso = s.clock || '';
        $('clock-date').textContent = dateOf(s.clock);

        var session = s.session;
        var info = $('session-info');
        var countdown = $('countdown');
        var warn = $('countdown-warn');
        var now = parseTime(s.clock);
        if (!session) {
            info.hidden = true;
            countdown.hidden = true;
            countdown.textContent = '';
            warn.hidden = true;
            warn.textContent = '';
            $('no-session').hidden = false;
            return;
        }
        info.hidden = false;
        $('no-session').hidden = true;
        $('session-room').textContent = 'Session · room ' + (session.roomId || '?');

        var closeAt = parseTime(session.closeAt);
        if (closeAt !== null && now !== null) {
            var left = closeAt - now;
            countdown.hidden = false;
            countdown.textContent = 'idle close in ' + mss(left);
            countdown.title = 'Idle close at ' + hhmmss(session.closeAt) + ' (' + session.closeAt + ')';
            countdown.classList.toggle('countdown-due', left <= 0);
            countdown.classList.toggle('countdown-soon', left > 0 && left <= 60000);
        } else {
            countdown.hidden = false;
            countdown.textContent = 'idle close: unknown';
        }

        var warnAt = parseTime(session.warnAt);
        if (warnAt !== null) {
            warn.hidden = false;
            var warned = now !== null && now >= warnAt;
            warn.textContent = (warned ? 'warned at ' : 'warning at ') + hhmmss(session.warnAt);
            warn.title = session.warnAt;
            warn.classList.toggle('countdown-warn-past', warned);
        } else {
            warn.hidden = false;
            warn.textContent = 'no warning';
            warn.title = '';
            warn.classList.remove('countdown-warn-past');
        }
    }

    function renderRep(s) {
        var rep = s.rep || {};
        $('rep-name').textContent = rep.name ? rep.name + (rep.username ? ' (@' + rep.username + ')' : '') : (rep.username || '—');
        var badge = $('rep-session-badge');
        if (s.session) {
            badge.textContent = 'Session open';
            badge.className = 'badge badge-open';
        } else {
            badge.textContent = 'No session';
            badge.className = 'badge badge-muted';
        }

        var box = $('rep-messages');
        var stick = shouldStick(box);
        var entries = timeline('rep', s.dm, s.repNotifications);
        if (entries.length === 0) {
            entries = [{ kind: 'empty', key: 'empty', text: 'No messages yet. Say hi to reach the shift manager on duty.' }];
        }
        var added = reconcile(box, entries, function (e) { return e.key; }, entrySignature, renderRepEntry);
        if (stick || (added && box.__forceStick)) {
            scrollToBottom(box);
        }
        box.__forceStick = false;
    }

    function roomsInOrder(rooms) {
        // Array order is creation order: newest open rooms first, then newest closed rooms.
        var indexed = (rooms || []).map(function (r, i) { return { room: r, i: i }; });
        indexed.sort(function (a, b) {
            if (!!a.room.open !== !!b.room.open) {
                return a.room.open ? -1 : 1;
            }
            return b.i - a.i;
        });
        return indexed.map(function (x) { return x.room; });
    }

    function newestOpenRoom(rooms) {
        for (var i = (rooms || []).length - 1; i >= 0; i--) {
            if (rooms[i] && rooms[i].open) {
                return rooms[i];
            }
        }
        return null;
    }

    function findRoom(id) {
        if (!state || id == null) {
            return null;
        }
        var rooms = state.rooms || [];
        for (var i = 0; i < rooms.length; i++) {
            if (rooms[i].id === id) {
                return rooms[i];
            }
        }
        return null;
    }

    /* Selection rules: nothing selected or the selected room vanished → newest open room (or nothing);
     * a room that was not there before opens while the selection is closed or absent → select it;
     * otherwise keep what the user looks at (including a closed room, to read its history). */
    function updateSelection(s) {
        var rooms = s.rooms || [];
        var newest = newestOpenRoom(rooms);
        var selected = findRoom(selectedRoomId);
        var appeared = knownRoomIds ? rooms.filter(function (r) { return r.open && !knownRoomIds.has(r.id); }) : [];
        if (!selected) {
            selectedRoomId = newest ? newest.id : null;
        } else if (!selected.open && appeared.length > 0) {
            selectedRoomId = appeared[appeared.length - 1].id;
        }
        knownRoomIds = new Set(rooms.map(function (r) { return r.id; }));
    }

    function renderRoomItem(room) {
        var last = null;
        var messages = room.messages || [];
        for (var i = messages.length - 1; i >= 0; i--) {
            if (!messages[i].system) {
                last = messages[i];
                break;
            }
        }
        var selected = room.id === selectedRoomId;
        var children = [
            el('div', { className: 'room-row' }, [
                el('span', { className: 'room-name' }, [room.visitorName || 'Visitor']),
                el('span', { className: 'badge ' + (room.open ? 'badge-open' : 'badge-closed') }, [room.open ? 'Open' : 'Closed']),
            ]),
            el('div', { className: 'room-sub' }, [
                el('span', { className: 'room-id' }, ['#' + room.id]),
                room.servedBy ? el('span', { className: 'room-served' }, [' · ' + room.servedBy]) : null,
            ]),
        ];
        if (!room.open) {
            children.push(el('div', { className: 'room-comment', title: room.closeComment || '' }, [
                room.closeComment ? '“' + room.closeComment + '”' : 'Closed without comment',
            ]));
        } else if (last) {
            children.push(el('div', { className: 'room-preview' }, [
                (last.fromVisitor ? '' : 'You: ') + (last.text || (last.attachments && last.attachments.length ? '(attachment)' : '')),
            ]));
        }
        var item = el('li', {
            className: 'room-item' + (room.open ? '' : ' room-closed') + (selected ? ' room-selected' : ''),
            role: 'option',
            tabindex: '0',
            'aria-selected': String(selected),
            dataset: { testid: 'room-item', open: String(!!room.open), roomId: String(room.id), selected: String(selected) },
        }, children);
        return item;
    }

    function renderManager(s) {
        var agent = s.agent || {};
        $('agent-name').textContent = agent.name ? agent.name + (agent.username ? ' (@' + agent.username + ')' : '') : (agent.username || '—');
        if (!agentOnlinePending) {
            $('agent-online').checked = !!agent.online;
        }
        $('agent-online-label').textContent = $('agent-online').checked ? 'Online' : 'Offline';

        updateSelection(s);

        var rooms = roomsInOrder(s.rooms);
        var openCount = rooms.filter(function (r) { return r.open; }).length;
        $('queue-count').textContent = openCount + ' open';
        var list = $('room-list');
        if (rooms.length === 0) {
            reconcile(list, [{ empty: true }], function () { return '__empty'; }, function () { return 'empty'; }, function () {
                return el('li', { className: 'room-empty' }, ['No conversations yet.']);
            });
        } else {
            reconcile(list, rooms, function (r) { return 'room:' + r.id; }, function (r) {
                // Only what the item shows, so a busy room does not rebuild its list item needlessly.
                var last = (r.messages || []).filter(function (m) { return !m.system; }).slice(-1)[0] || null;
                return JSON.stringify([r.open, r.visitorName, r.servedBy, r.closeComment, r.id === selectedRoomId,
                    last ? [last.id, last.text, last.fromVisitor] : null]);
            }, renderRoomItem);
        }

        var room = findRoom(selectedRoomId);
        var box = $('manager-messages');
        if (renderedRoomId !== (room ? room.id : null)) {
            box.textContent = '';
            box.__forceStick = true;
            renderedRoomId = room ? room.id : null;
        }
        var stick = box.__forceStick || shouldStick(box);
        var entries;
        if (!room) {
            entries = [{ kind: 'empty', key: 'empty', text: openCount === 0 && rooms.length === 0
                ? 'No conversations. They appear here when a representative writes to ShiftLink.'
                : 'Select a conversation in the queue.' }];
        } else {
            entries = timeline('room:' + room.id, room.messages, room.notifications);
            if (entries.length === 0) {
                entries = [{ kind: 'empty', key: 'empty', text: 'No messages in this conversation yet.' }];
            }
        }
        reconcile(box, entries, function (e) { return e.key; }, entrySignature, renderManagerEntry);
        if (stick) {
            scrollToBottom(box);
        }
        box.__forceStick = false;

        $('room-title').textContent = room ? (room.visitorName || 'Visitor') : 'No conversation selected';
        var meta = $('room-meta');
        meta.textContent = '';
        if (room) {
            meta.appendChild(el('span', { className: 'badge ' + (room.open ? 'badge-open' : 'badge-closed') }, [room.open ? 'Open' : 'Closed']));
            meta.appendChild(document.createTextNode(' #' + room.id + (room.servedBy ? ' · served by ' + room.servedBy : '')));
            if (!room.open && room.closeComment) {
                meta.appendChild(el('span', { className: 'meta-comment' }, [' · “' + room.closeComment + '”']));
            }
        }
        var canWrite = !!(room && room.open);
        $('manager-input').disabled = !canWrite;
        $('manager-input').placeholder = canWrite
            ? 'Reply to ' + (room.visitorName || 'the representative')
            : (room ? 'This conversation is closed' : 'No open conversation selected');
        $('manager-send').disabled = !canWrite || busy.managerSend;
        $('manager-close').disabled = !canWrite || busy.close;
    }

    function logKey(counts, line) {
        var base = (line.at || '') + '|' + (line.level || '') + '|' + (line.text || '');
        var n = (counts.get(base) || 0) + 1;
        counts.set(base, n);
        return base + '#' + n;
    }

    function renderLogs(s) {
        var logs = Array.isArray(s.logs) ? s.logs : [];
        var list = $('log-list');
        var stick = shouldStick(list);
        var counts = new Map();
        var entries = logs.map(function (line) {
            return { key: logKey(counts, line), line: line };
        });
        reconcile(list, entries, function (e) { return e.key; }, function () { return ''; }, function (e) {
            var level = String(e.line.level || 'info').toLowerCase();
            return el('li', { className: 'log-line log-' + level, dataset: { testid: 'log-line', level: level } }, [
                el('time', { className: 'log-time', title: e.line.at || '' }, [hhmmss(e.line.at)]),
                el('span', { className: 'log-level' }, [level.toUpperCase()]),
                el('span', { className: 'log-text' }, [String(e.line.text != null ? e.line.text : '')]),
            ]);
        });
        if (stick) {
            scrollToBottom(list);
        }
        $('log-count').textContent = String(logs.length);
        if (!logCollapsed) {
            logSeenCount = logs.length;
        }
        var unseen = Math.max(0, logs.length - logSeenCount);
        var unseenNode = $('log-unseen');
        unseenNode.hidden = unseen === 0;
        unseenNode.textContent = unseen ? unseen + ' new' : '';
    }

    // ---------------------------------------------------------------- settings

    function settingInputId(id) {
        return 'setting-' + id;
    }

    function buildSettingsForm(settings) {
        var form = $('settings-form');
        form.textContent = '';
        if (!settings.length) {
            form.appendChild(el('p', { className: 'muted' }, ['The app has no settings.']));
            return;
        }
        settings.forEach(function (setting) {
            var id = String(setting.id);
            var inputId = settingInputId(id);
            var input;
            if (setting.type === 'select') {
                input = el('select', { className: 'field-input', id: inputId }, (setting.values || []).map(function (v) {
                    return el('option', { value: String(v.key) }, [String(v.label != null ? v.label : v.key)]);
                }));
            } else if (setting.type === 'string' && setting.multiline) {
                input = el('textarea', { className: 'field-input', id: inputId, rows: '3' });
            } else {
                input = el('input', {
                    className: 'field-input',
                    id: inputId,
                    type: setting.type === 'number' ? 'number' : setting.type === 'password' ? 'password' : 'text',
                    autocomplete: setting.type === 'password' ? 'new-password' : 'off',
                });
            }
            input.dataset.testid = inputId;
            input.dataset.settingId = id;
            input.addEventListener('input', function () {
                field.dataset.dirty = 'true';
                setStatus(field, '', '');
            });
            input.addEventListener('keydown', function (ev) {
                if (ev.key === 'Enter' && input.tagName !== 'TEXTAREA') {
                    ev.preventDefault();
                    saveSetting(setting, field, input, save);
                }
            });

            var save = el('button', { className: 'btn btn-primary btn-small', type: 'button', dataset: { testid: 'setting-save-' + id } }, ['Save']);
            save.addEventListener('click', function () {
                saveSetting(setting, field, input, save);
            });

            var controls = [input];
            if (setting.type === 'password') {
                var reveal = el('button', { className: 'btn btn-ghost btn-small', type: 'button', 'aria-label': 'Show value' }, ['Show']);
                reveal.addEventListener('click', function () {
                    var hidden = input.type === 'password';
                    input.type = hidden ? 'text' : 'password';
                    reveal.textContent = hidden ? 'Hide' : 'Show';
                });
                controls.push(reveal);
            }
            controls.push(save);

            var field = el('div', { className: 'field', dataset: { testid: 'setting', settingId: id, type: String(setting.type) } }, [
                el('label', { className: 'field-label', 'for': inputId }, [String(setting.label || id)]),
                setting.description ? el('div', { className: 'field-description' }, [String(setting.description)]) : null,
                el('div', { className: 'field-controls' }, controls),
                el('div', { className: 'field-status', role: 'status', dataset: { testid: 'setting-status-' + id } }),
                el('div', { className: 'field-id' }, [id]),
            ]);
            field.__input = input;
            setInputValue(input, setting.value);
            form.appendChild(field);
        });
    }

    function setInputValue(input, value) {
        var text = value === undefined || value === null ? '' : String(value);
        if (input.tagName === 'SELECT' && text !== '' && !Array.prototype.some.call(input.options, function (o) { return o.value === text; })) {
            input.appendChild(el('option', { value: text }, [text + ' (unknown)']));
        }
        input.value = text;
    }

    function setStatus(field, kind, text) {
        var status = field.querySelector('.field-status');
        status.className = 'field-status' + (kind ? ' field-status-' + kind : '');
        status.textContent = text;
    }

    function saveSetting(setting, field, input, button) {
        var raw = input.value;
        var value = raw;
        if (setting.type === 'number') {
            var n = Number(raw);
            value = raw.trim() !== '' && isFinite(n) ? n : raw;
        }
        button.disabled = true;
        setStatus(field, 'pending', 'Saving…');
        post('/api/settings', { id: setting.id, value: value }, { allowError: true }).then(function (answer) {
            field.dataset.dirty = 'false';
            if (Object.prototype.hasOwnProperty.call(answer, 'value')) {
                setInputValue(input, answer.value);
            }
            if (answer.error) {
                setStatus(field, 'error', answer.ok
                    ? 'Not applied: ' + answer.error + ' — value in effect: ' + displayValue(setting, answer.value)
                    : String(answer.error));
            } else {
                setStatus(field, 'ok', 'Saved' + (Object.prototype.hasOwnProperty.call(answer, 'value') ? ': ' + displayValue(setting, answer.value) : ''));
            }
        }, function (err) {
            setStatus(field, 'error', err.message);
        }).then(function () {
            button.disabled = false;
        });
    }

    function displayValue(setting, value) {
        if (setting.type === 'password') {
            return value ? '••••••' : '(empty)';
        }
        if (value === '' || value === null || value === undefined) {
            return '(empty)';
        }
        if (setting.type === 'select') {
            var match = (setting.values || []).filter(function (v) { return String(v.key) === String(value); })[0];
            if (match) {
                return String(match.label != null ? match.label : match.key);
            }
        }
        return String(value);
    }

    function renderSettings(s) {
        var settings = Array.isArray(s.settings) ? s.settings : [];
        var signature = JSON.stringify(settings.map(function (x) {
            return [x.id, x.type, x.label, x.description, x.multiline, x.values];
        }));
        if (signature !== settingsSignature) {
            settingsSignature = signature;
            buildSettingsForm(settings);
            return;
        }
        // Same fields: refresh values the user is not editing.
        settings.forEach(function (setting) {
            var input = document.getElementById(settingInputId(String(setting.id)));
            if (!input) {
                return;
            }
            var field = input.closest('.field');
            if (field.dataset.dirty === 'true' || document.activeElement === input) {
                return;
            }
            var text = setting.value === undefined || setting.value === null ? '' : String(setting.value);
            if (input.value !== text) {
                setInputValue(input, setting.value);
            }
        });
    }

    function openSettings() {
        var drawer = $('settings-drawer');
        drawer.hidden = false;
        $('drawer-backdrop').hidden = false;
        drawer.setAttribute('aria-hidden', 'false');
        $('settings-open').setAttribute('aria-expanded', 'true');
        // next frame so the slide-in transition runs
        requestAnimationFrame(function () {
            drawer.classList.add('drawer-open');
        });
        var first = drawer.querySelector('.field-input');
        if (first) {
            first.focus();
        }
    }

    function closeSettings() {
        var drawer = $('settings-drawer');
        drawer.classList.remove('drawer-open');
        drawer.hidden = true;
        $('drawer-backdrop').hidden = true;
        drawer.setAttribute('aria-hidden', 'true');
        $('settings-open').setAttribute('aria-expanded', 'false');
    }

    // ---------------------------------------------------------------- render entry point

    function render(s) {
        state = s;
        var virtual = parseTime(s.clock);
        clockSkewMs = virtual === null ? null : virtual - Date.now();
        // No transitions for the very first paint (the switch would visibly slide into place).
        if (!document.body.classList.contains('ready')) {
            requestAnimationFrame(function () {
                requestAnimationFrame(function () {
                    document.body.classList.add('ready');
                });
            });
        }
        renderTopBar(s);
        renderRep(s);
        renderManager(s);
        renderLogs(s);
        renderSettings(s);
    }

    function safeRender(s) {
        try {
            render(s);
        } catch (e) {
            console.error(e);
            toast('Render error: ' + e.message);
        }
    }

    // ---------------------------------------------------------------- events (SSE)

    function setConnection(up) {
        var node = $('connection');
        node.textContent = up ? 'Live' : 'Reconnecting…';
        node.className = 'connection ' + (up ? 'connection-up' : 'connection-down');
        node.dataset.state = up ? 'up' : 'down';
    }

    function connect() {
        if (!window.EventSource) {
            toast('This browser has no EventSource support.');
            return;
        }
        var source = new EventSource('/events');
        source.onopen = function () {
            setConnection(true);
        };
        source.onmessage = function (ev) {
            var snapshot;
            try {
                snapshot = JSON.parse(ev.data);
            } catch (e) {
                toast('Unreadable state snapshot from the server');
                return;
            }
            setConnection(true);
            safeRender(snapshot);
        };
        source.onerror = function () {
            // EventSource reconnects by itself while readyState is CONNECTING.
            setConnection(false);
            if (source.readyState === EventSource.CLOSED) {
                setTimeout(connect, 2000);
            }
        };
    }

    // ---------------------------------------------------------------- actions

    var busy = { repSend: false, managerSend: false, close: false };

    function commandArgs(text) {
        var rest = text.replace(COMMAND_RE, '');
        return rest.trim() === '' ? [] : rest.trim().split(/\s+/);
    }

    function wireRep() {
        var input = $('rep-input');
        var send = $('rep-send');
        var hint = $('rep-command-hint');
        function updateHint() {
            var isCommand = COMMAND_RE.test(input.value.trimStart ? input.value.trimStart() : input.value);
            hint.hidden = !isCommand;
            input.classList.toggle('composer-input-command', isCommand);
        }
        input.addEventListener('input', updateHint);
        $('rep-form').addEventListener('submit', function (ev) {
            ev.preventDefault();
            if (busy.repSend) {
                return;
            }
            var text = input.value.trim();
            if (!text) {
                input.focus();
                return;
            }
            var request = COMMAND_RE.test(text)
                ? post('/api/rep/command', { args: commandArgs(text) })
                : post('/api/rep/message', { text: text });
            busy.repSend = true;
            send.disabled = true;
            $('rep-messages').__forceStick = true;
            request.then(function () {
                // Only clear what was sent: the user may have kept typing meanwhile.
                if (input.value.trim() === text) {
                    input.value = '';
                }
                scrollToBottom($('rep-messages'));
            }, function () { /* toasted */ }).then(function () {
                busy.repSend = false;
                send.disabled = false;
                updateHint();
                input.focus();
            });
        });
        input.title = 'Type ' + COMMAND + ' status | end | help to run the slash command';
    }

    function wireManager() {
        var input = $('manager-input');
        var send = $('manager-send');
        $('manager-form').addEventListener('submit', function (ev) {
            ev.preventDefault();
            var room = findRoom(selectedRoomId);
            var text = input.value.trim();
            if (!room || !room.open || !text || busy.managerSend) {
                return;
            }
            busy.managerSend = true;
            send.disabled = true;
            $('manager-messages').__forceStick = true;
            post('/api/agent/message', { roomId: room.id, text: text }).then(function () {
                if (input.value.trim() === text) {
                    input.value = '';
                }
                scrollToBottom($('manager-messages'));
            }, function () { /* toasted */ }).then(function () {
                busy.managerSend = false;
                var current = findRoom(selectedRoomId);
                send.disabled = !(current && current.open);
                if (!input.disabled) {
                    input.focus();
                }
            });
        });

        $('room-list').addEventListener('click', function (ev) {
            var item = ev.target.closest('[data-testid="room-item"]');
            if (item) {
                selectRoom(item.dataset.roomId);
            }
        });
        $('room-list').addEventListener('keydown', function (ev) {
            var item = ev.target.closest('[data-testid="room-item"]');
            if (item && (ev.key === 'Enter' || ev.key === ' ')) {
                ev.preventDefault();
                selectRoom(item.dataset.roomId);
            }
        });

        $('agent-online').addEventListener('change', function () {
            var box = $('agent-online');
            var wanted = box.checked;
            agentOnlinePending = true;
            box.disabled = true;
            $('agent-online-label').textContent = wanted ? 'Online' : 'Offline';
            post('/api/agent/online', { online: wanted }).then(function () { /* snapshot follows */ }, function () {
                box.checked = !wanted;
            }).then(function () {
                agentOnlinePending = false;
                box.disabled = false;
                if (state && state.agent) {
                    box.checked = !!state.agent.online;
                }
                $('agent-online-label').textContent = box.checked ? 'Online' : 'Offline';
            });
        });

        $('manager-close').addEventListener('click', openCloseDialog);
        $('close-cancel').addEventListener('click', closeCloseDialog);
        $('close-dialog').addEventListener('click', function (ev) {
            if (ev.target === $('close-dialog')) {
                closeCloseDialog();
            }
        });
        $('close-form').addEventListener('submit', function (ev) {
            ev.preventDefault();
            var roomId = $('close-dialog').dataset.roomId;
            var comment = $('close-comment').value.trim();
            if (!roomId || busy.close) {
                return;
            }
            busy.close = true;
            $('close-confirm').disabled = true;
            post('/api/agent/close', { roomId: roomId, comment: comment }).then(function () {
                closeCloseDialog();
            }, function () { /* toasted; leave the dialog open to retry */ }).then(function () {
                busy.close = false;
                $('close-confirm').disabled = false;
                if (state) {
                    safeRender(state);
                }
            });
        });
    }

    function selectRoom(roomId) {
        if (!findRoom(roomId)) {
            return;
        }
        selectedRoomId = roomId;
        if (state) {
            safeRender(state);
        }
        var input = $('manager-input');
        if (!input.disabled) {
            input.focus();
        }
    }

    function openCloseDialog() {
        var room = findRoom(selectedRoomId);
        if (!room || !room.open) {
            return;
        }
        var dialog = $('close-dialog');
        dialog.dataset.roomId = room.id;
        $('close-room-label').textContent = 'Close the conversation with ' + (room.visitorName || 'the visitor') + ' (#' + room.id + ')?';
        $('close-comment').value = DEFAULT_CLOSE_COMMENT;
        dialog.hidden = false;
        $('close-comment').focus();
        $('close-comment').select();
    }

    function closeCloseDialog() {
        var dialog = $('close-dialog');
        dialog.hidden = true;
        delete dialog.dataset.roomId;
        $('manager-close').focus();
    }

    function wireTopBar() {
        [['advance-1', 1], ['advance-5', 5]].forEach(function (pair) {
            var button = $(pair[0]);
            button.addEventListener('click', function () {
                button.disabled = true;
                post('/api/clock/advance', { minutes: pair[1] }).then(function () {}, function () {}).then(function () {
                    button.disabled = false;
                });
            });
        });
        $('settings-open').addEventListener('click', function () {
            if ($('settings-drawer').hidden) {
                openSettings();
            } else {
                closeSettings();
            }
        });
        $('settings-close').addEventListener('click', closeSettings);
        $('drawer-backdrop').addEventListener('click', closeSettings);
        document.addEventListener('keydown', function (ev) {
            if (ev.key !== 'Escape') {
                return;
            }
            if (!$('close-dialog').hidden) {
                closeCloseDialog();
            } else if (!$('settings-drawer').hidden) {
                closeSettings();
            }
        });
    }

    function wireLog() {
        var panel = $('log-panel');
        var toggle = $('log-toggle');
        function apply() {
            panel.dataset.collapsed = String(logCollapsed);
            toggle.setAttribute('aria-expanded', String(!logCollapsed));
            $('log-list').hidden = logCollapsed;
            if (!logCollapsed) {
                logSeenCount = state && Array.isArray(state.logs) ? state.logs.length : 0;
                $('log-unseen').hidden = true;
                scrollToBottom($('log-list'));
            }
        }
        try {
            logCollapsed = window.localStorage.getItem('shiftlink-sandbox-log-collapsed') === 'true';
        } catch (e) {
            logCollapsed = false;
        }
        apply();
        toggle.addEventListener('click', function () {
            logCollapsed = !logCollapsed;
            try {
                window.localStorage.setItem('shiftlink-sandbox-log-collapsed', String(logCollapsed));
            } catch (e) { /* private mode */ }
            apply();
        });
    }

    /* Keep "stuck to the bottom" scrollers at the bottom when something other than a render changes
     * their geometry: images that finish loading, the log panel collapsing, the window resizing. */
    function wireStickyScroll() {
        ['rep-messages', 'manager-messages', 'log-list'].forEach(function (id) {
            var box = $(id);
            box.__stuck = true;
            box.addEventListener('scroll', function () {
                box.__stuck = isStuckToBottom(box);
            });
            box.addEventListener('load', function (ev) {
                if (ev.target.tagName === 'IMG' && box.__stuck) {
                    scrollToBottom(box);
                }
            }, true);
            if (window.ResizeObserver) {
                new ResizeObserver(function () {
                    if (box.__stuck) {
                        scrollToBottom(box);
                    }
                }).observe(box);
            }
        });
    }

    document.addEventListener('DOMContentLoaded', function () {
        wireRep();
        wireManager();
        wireTopBar();
        wireLog();
        wireStickyScroll();
        connect();
        // The server's clock runs in real time between snapshots (which only come on changes): tick it here.
        setInterval(function () {
            if (state && clockSkewMs !== null) {
                renderTopBar(Object.assign({}, state, { clock: new Date(Date.now() + clockSkewMs).toISOString() }));
            }
        }, 1000);
    });
})();
