/* studybook search, the interface: the box on every page (results as you type, arrow
   keys, Enter, Escape, "/" to focus) and the results page, search.html?q=..., whose
   filters go into its link. search.js finds; this shows, with DOM nodes, never
   innerHTML. Labels come from the page's data- attributes, in the book's language. */
(function () {
  'use strict';

  var api = window.studybookSearch;
  if (!api || !api.search) return;
  var root = document.body.getAttribute('data-root') || '';
  var PAGE = 10;
  var FILTERS = ['member', 'branch', 'plan', 'year'];

  function fill(template, values) {
    return (template || '').replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function later(fn) {
    var timer = 0;
    return function (e) {
      if (e && e.isComposing) return;
      clearTimeout(timer);
      timer = setTimeout(fn, 120);
    };
  }

  /* Matches any query word, spaces allowed between its characters, case ignored. */
  function pattern(words) {
    var parts = words.map(function (w) {
      return Array.from(w.text).map(function (c) {
        return c.replace(/[.*+?^${}()|[\]\\\/]/g, '\\$&');
      }).join('\\s*');
    }).sort(function (a, b) { return b.length - a.length; });
    return new RegExp(parts.join('|'), 'giu');
  }

  /* Appends `text` to `parent` with every match of `re` in a <mark>. */
  function marked(parent, text, re) {
    var folded = api.fold(text), at = 0, m;
    re.lastIndex = 0;
    while ((m = re.exec(folded))) {
      if (!m[0]) { re.lastIndex++; continue; }
      parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      element('mark', '', parent).textContent = text.slice(m.index, m.index + m[0].length);
      at = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  /* About `size` characters of `text` from the sentence of its first match. */
  function snippet(text, re, size) {
    re.lastIndex = 0;
    var m = re.exec(api.fold(text)), start = 0;
    if (m) {
      start = Math.max(0, m.index - Math.floor(size / 3));
      var before = /[。！？；!?;\n][^。！？；!?;\n]*$/.exec(text.slice(start, m.index));
      if (before) start += before.index + 1;
    }
    /* A heading's line runs into the text after it as `学习内容 · 7月，…`; a sentence's
       end needs no mark. */
    var cut = text.slice(start, start + size)
      .replace(/([^。！？；!?;：:，,\s])[ \t]*\n\s*/g, '$1 · ')
      .replace(/\s+/g, ' ');
    return (start > 0 ? '…' : '') + cut + (start + size < text.length ? '…' : '');
  }

  function element(tag, className, parent) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (parent) parent.appendChild(el);
    return el;
  }

  function resultItem(file, re, size) {
    var li = element('li', 'search-result');
    var link = element('a', 'search-title', li);
    link.href = root + file.u;
    marked(link, file.t, re);
    element('div', 'meta', li).textContent = [file.a, file.b, file.d].filter(Boolean).join(' · ');
    marked(element('p', 'search-snippet', li), snippet(file.x, re, size), re);
    return li;
  }

  function notes(hits, m) {
    return Promise.all(hits.map(function (h) { return api.noteFile(h.note, m); }));
  }

  /* ---- The box in the header ---- */

  function box(form) {
    var input = form.querySelector('input[name=q]');
    var list = form.querySelector('[role=listbox]');
    var seq = 0, active = -1;

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }
    function open() {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
    function options() { return list.querySelectorAll('[role=option]'); }
    function select(i) {
      var all = options();
      if (!all.length) return;
      active = (i + all.length) % all.length;
      for (var k = 0; k < all.length; k++) all[k].setAttribute('aria-selected', String(k === active));
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    }
    function say(text) {
      list.textContent = '';
      active = -1;
      element('li', 'search-message', list).textContent = text;
      open();
    }
    function option(li) {
      li.id = 'site-search-' + options().length;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      list.appendChild(li);
    }
    function shown(r, files) {
      list.textContent = '';
      active = -1;
      var re = pattern(r.words);
      files.forEach(function (file) { option(resultItem(file, re, 60)); });
      var all = element('li', 'search-all');
      var link = element('a', '', all);
      link.href = root + 'search.html?q=' + encodeURIComponent(input.value.trim());
      link.textContent = fill(form.getAttribute('data-all'), { n: r.hits.length });
      option(all);
      open();
    }
    function show() {
      var query = input.value, mine = ++seq;
      if (!query.trim()) { close(); return; }
      api.search(query).then(function (r) {
        if (mine !== seq) return null;
        if (r.short) return say(form.getAttribute('data-short'));
        if (!r.hits.length) return say(fill(form.getAttribute('data-none'), { q: query.trim() }));
        return notes(r.hits.slice(0, 6), r.manifest).then(function (files) {
          if (mine === seq) shown(r, files);
        });
      }).catch(function () {
        if (mine === seq) say(form.getAttribute('data-failed'));
      });
    }

    var soon = later(show);
    input.addEventListener('input', soon);
    input.addEventListener('compositionend', soon);
    input.addEventListener('focus', function () { api.warm().catch(function () {}); });
    input.addEventListener('keydown', function (e) {
      var up = e.key === 'ArrowUp';
      if (up || e.key === 'ArrowDown') {
        e.preventDefault();
        if (list.hidden) show(); else select(active < 0 && up ? -1 : active + (up ? -1 : 1));
      } else if (e.key === 'Enter' && active >= 0) {
        var link = options()[active].querySelector('a');
        if (link) { e.preventDefault(); location.href = link.href; }
      } else if (e.key === 'Escape') {
        seq++; /* a search still loading must not reopen the list */
        close();
      }
    });
    document.addEventListener('click', function (e) { if (!form.contains(e.target)) close(); });
    document.addEventListener('keydown', function (e) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
      if (e.key === '/' && !typing) { e.preventDefault(); input.focus(); }
    });
  }

  /* ---- The results page ---- */

  /* A note's filter values, as they appear in links: names, plan item id, year. */
  function values(f, names) {
    var member = names.members[f.member] || ['', 0];
    return {
      member: [member[0]], branch: [names.branches[member[1]]], year: [String(f.year)],
      plan: f.plan.map(function (i) { return (names.plan[i] || [''])[0]; })
    };
  }

  function labelOf(name, value, names) {
    if (name !== 'plan') return value;
    var item = names.plan.filter(function (p) { return p[0] === value; })[0];
    return item ? item[1] : value;
  }

  function page(form) {
    var input = form.querySelector('input[name=q]');
    var status = document.getElementById('search-status');
    var results = document.getElementById('search-results');
    var more = document.getElementById('search-more');
    var params = new URLSearchParams(location.search);
    var wanted = {}, selects = {};
    FILTERS.forEach(function (name) {
      wanted[name] = params.get(name) || '';
      selects[name] = form.querySelector('select[name=' + name + ']');
    });
    input.value = params.get('q') || '';
    /* The page says what to do when this script cannot run; it runs. */
    status.textContent = '';
    var seq = 0, now = null;

    function done(text, count, ms) {
      status.textContent = text;
      status.setAttribute('data-count', count);
      status.setAttribute('data-ms', ms);
      status.setAttribute('data-state', 'done');
    }
    /* Filter options with how many results each keeps; loaded after the results. */
    function options() {
      var names = now.facets.names, counts = {};
      FILTERS.forEach(function (name) { counts[name] = {}; });
      now.r.hits.forEach(function (h) {
        var v = values(now.facets.of[h.note], names);
        FILTERS.forEach(function (name) {
          v[name].forEach(function (x) { counts[name][x] = (counts[name][x] || 0) + 1; });
        });
      });
      FILTERS.forEach(function (name) {
        var select = selects[name], keys = Object.keys(counts[name]);
        while (select.options.length > 1) select.remove(1);
        if (wanted[name] && keys.indexOf(wanted[name]) < 0) keys.push(wanted[name]);
        keys.sort(function (a, b) {
          return name === 'year' ? b.localeCompare(a) : (counts[name][b] || 0) - (counts[name][a] || 0);
        }).forEach(function (key) {
          var option = element('option', '', select);
          option.value = key;
          option.textContent = labelOf(name, key, names) + ' (' + (counts[name][key] || 0) + ')';
        });
        select.value = wanted[name];
      });
    }
    function facets() {
      if (now.facets) return Promise.resolve();
      var mine = now;
      var ids = now.r.hits.map(function (h) { return h.note; });
      return api.facets(ids, now.r.manifest).then(function (f) {
        mine.facets = f;
        if (mine === now) options();
      });
    }
    function showMore(mine) {
      var next = now.list.slice(now.shown, now.shown + PAGE);
      now.shown += next.length;
      return notes(next, now.r.manifest).then(function (files) {
        if (mine !== seq) return;
        files.forEach(function (file) { results.appendChild(resultItem(file, now.re, 160)); });
        more.hidden = now.shown >= now.list.length;
      });
    }
    function link() {
      var out = new URLSearchParams();
      if (now.query) out.set('q', now.query);
      FILTERS.forEach(function (name) { if (wanted[name]) out.set(name, wanted[name]); });
      try { history.replaceState(null, '', '?' + out.toString()); } catch (e) { /* file:// may refuse */ }
    }
    function apply(started, mine) {
      var f = now.facets;
      now.list = !f ? now.r.hits : now.r.hits.filter(function (h) {
        var v = values(f.of[h.note], f.names);
        return FILTERS.every(function (name) { return !wanted[name] || v[name].indexOf(wanted[name]) >= 0; });
      });
      now.shown = 0;
      results.textContent = '';
      return showMore(mine).then(function () {
        if (mine !== seq) return;
        var ms = Math.round(performance.now() - started), n = now.list.length;
        done(n ? fill(form.getAttribute('data-count'), { n: n, ms: ms })
          : fill(form.getAttribute('data-none'), { q: now.query }), n, ms);
        link();
      });
    }
    function run() {
      var query = input.value.trim(), mine = ++seq, started = performance.now();
      status.textContent = form.getAttribute('data-loading');
      status.removeAttribute('data-state');
      api.search(query).then(function (r) {
        if (mine !== seq) return null;
        if (r.short) {
          results.textContent = '';
          more.hidden = true;
          return done(query ? form.getAttribute('data-short') : '', 0, 0);
        }
        now = { r: r, query: query, re: pattern(r.words), list: [], shown: 0, facets: null };
        if (!r.hits.length) {
          FILTERS.forEach(function (name) {
            while (selects[name].options.length > 1) selects[name].remove(1);
          });
        }
        var filtered = FILTERS.some(function (name) { return wanted[name]; });
        /* Facets first only when the link asks for a filter: otherwise results first. */
        return (filtered ? facets() : Promise.resolve())
          .then(function () { return apply(started, mine); })
          .then(function () { if (mine === seq && r.hits.length) return facets(); });
      }).catch(function () {
        if (mine === seq) done(form.getAttribute('data-failed'), 0, 0);
      });
    }

    form.addEventListener('submit', function (e) { e.preventDefault(); run(); });
    var soon = later(run);
    input.addEventListener('input', soon);
    input.addEventListener('compositionend', soon);
    FILTERS.forEach(function (name) {
      selects[name].addEventListener('change', function () {
        wanted[name] = selects[name].value;
        if (!now) return;
        facets().then(function () { return apply(performance.now(), ++seq); }).catch(function () {
          done(form.getAttribute('data-failed'), 0, 0);
        });
      });
    });
    more.addEventListener('click', function () { if (now) showMore(seq); });
    if (input.value.trim()) run();
  }

  var boxes = document.querySelectorAll('form.site-search');
  for (var i = 0; i < boxes.length; i++) box(boxes[i]);
  var results = document.getElementById('search-page');
  if (results) page(results);
}());
