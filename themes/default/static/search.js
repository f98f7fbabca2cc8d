/* studybook search, the engine: finds notes in the index under search/, loading a few
   small files per query, with no server and no library. Every index file is a script that calls
   studybookSearch.add(name, data) and is loaded by adding a <script> tag, so search works
   over file:// (where fetch() of local files is blocked) and under any sub-path (paths
   start from the page's data-root). The rules for cutting text into terms mirror
   src/render/search/tokens.rs; the file formats are described in
   src/render/search/mod.rs. search-ui.js shows what it finds. */
(function () {
  'use strict';

  var root = document.body.getAttribute('data-root') || '';
  var files = {};
  var loading = {};
  window.studybookSearch = { add: function (name, data) { files[name] = data; } };

  /* Loads search/<name>.js once and resolves with what it registered. */
  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = root + 'search/' + name + '.js';
        script.charset = 'utf-8';
        script.onload = function () {
          if (name in files) resolve(files[name]); else reject(new Error(name));
        };
        script.onerror = function () { delete loading[name]; reject(new Error(name)); };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : '';
  }

  /* ---- Terms: the rules of tokens.rs ---- */

  var LETTER = /[\p{Alphabetic}\p{N}]/u;
  var SPACE = /\p{White_Space}/u;
  var MAX_WORD = 40;

  function isGram(c) {
    return (c >= 0x3005 && c <= 0x3007) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2fa1f);
  }

  /* Full-width ASCII as ASCII; one UTF-16 unit each, so text keeps its length. */
  function fold(text) {
    return text.replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }

  /* Every term of `text` as {term, pos, span}; span is how many positions it pins. */
  function terms(text) {
    var out = [], pos = 0, run = [], runStart = 0, runLed = false;
    var word = '', wordLen = 0, last = null; /* null, 'word' or the run's {c, at} */
    function emit(term, at, span) { out.push({ term: term, pos: at, span: span }); }
    function endWord() {
      if (!word) return;
      if (last && last.c) emit(last.c + '$', last.at, 1);
      emit(word, pos, 1);
      word = ''; wordLen = 0; pos++; last = 'word';
    }
    function endRun() {
      if (!run.length) return;
      if (runLed) emit('^' + run[0], runStart, 1);
      for (var i = 0; i + 1 < run.length; i++) emit(run[i] + run[i + 1], runStart + i, 2);
      last = { c: run[run.length - 1], at: runStart + run.length - 1 };
      run = [];
    }
    for (var ch of fold(text)) {
      if (isGram(ch.codePointAt(0))) {
        endWord();
        if (!run.length) {
          if (last && last.c) pos++;
          runStart = pos; runLed = last === 'word';
        }
        run.push(ch); pos++;
      } else if (LETTER.test(ch)) {
        endRun();
        if (wordLen < MAX_WORD) { word += ch.toLowerCase(); wordLen++; }
      } else if (ch !== '\n' && ch !== '\r' && SPACE.test(ch)) {
        endRun(); endWord();
      } else {
        endRun(); endWord();
        if (last !== null) pos++;
        last = null;
      }
    }
    endRun(); endWord();
    return out;
  }

  /* The fewest terms that pin every position of a word: checked against positions. */
  function cover(list) {
    var units = [];
    list.forEach(function (t) {
      for (var k = 0; k < t.span; k++) if (units.indexOf(t.pos + k) < 0) units.push(t.pos + k);
    });
    units.sort(function (a, b) { return a - b; });
    var out = [], covered = -1;
    units.forEach(function (u) {
      if (u <= covered) return;
      var best = null;
      list.forEach(function (t) {
        if (t.pos <= u && u < t.pos + t.span && (!best || t.pos + t.span > best.pos + best.span)) best = t;
      });
      out.push(best);
      covered = best.pos + best.span - 1;
    });
    return out;
  }

  /* ---- The index files ---- */

  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var VALUE = {};
  for (var d = 0; d < 64; d++) VALUE[DIGITS.charCodeAt(d)] = d;

  function numbers(text) {
    var out = [], value = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = VALUE[text.charCodeAt(i)];
      value |= (digit & 31) << shift;
      if (digit & 32) { shift += 5; } else { out.push(value); value = 0; shift = 0; }
    }
    return out;
  }

  function hash(term) {
    var h = 0x811c9dc5;
    for (var ch of term) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193);
    return h >>> 0;
  }

  /* The bucket of a term: its share of the hash range (buckets.rs, bucket). */
  function bucketOf(term, m) {
    return Math.floor(hash(term) * m.buckets / 4294967296);
  }

  /* The file holding `bucket`: the last whose first bucket is at most it. */
  function fileOf(starts, bucket) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= bucket) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* A term's postings: {notes, weights}, in note order (encode.rs, postings). */
  function postings(term, m) {
    return load('t/' + fileOf(m.t, bucketOf(term, m))).then(function (file) {
      var n = numbers(own(file, term)), count = n[0] || 0, notes = [], weights = [], note = -1;
      for (var i = 1 + count; i < n.length; i++) {
        note += Math.floor(n[i] / count) + 1;
        notes.push(note);
        weights.push(n[1 + n[i] % count]);
      }
      return { notes: notes, weights: weights };
    });
  }

  /* Reads bits written six to a digit, most significant first. */
  function Bits(text, from) {
    var at = from * 6;
    function bit() {
      /* Past the end: files of two different builds (a cached one beside a new one). */
      if (at >= text.length * 6) throw new Error('search index out of step');
      var b = (VALUE[text.charCodeAt((at / 6) | 0)] >> (5 - at % 6)) & 1;
      at++;
      return b;
    }
    this.read = function (width) {
      var v = 0;
      while (width-- > 0) v = v * 2 + bit();
      return v;
    };
    this.gamma = function () {
      var zeros = 0;
      while (!bit()) zeros++;
      return Math.pow(2, zeros) + this.read(zeros);
    };
    this.rice = function (k) {
      var q = 0;
      while (bit()) q++;
      return q * Math.pow(2, k) + this.read(k);
    };
  }

  /* A term's positions, one list per note of its `count` postings (encode.rs, positions). */
  function positions(term, m, count) {
    return load('p/' + fileOf(m.p, bucketOf(term, m))).then(function (file) {
      var text = own(file, term), out = [];
      if (!text) throw new Error('search index out of step');
      var kFirst = VALUE[text.charCodeAt(0)], kGap = VALUE[text.charCodeAt(1)];
      var bits = new Bits(text, 2);
      for (var n = 0; n < count; n++) {
        var many = bits.gamma(), at = bits.rice(kFirst), list = [at];
        for (var k = 1; k < many; k++) { at += bits.rice(kGap) + 1; list.push(at); }
        out.push(list);
      }
      return out;
    });
  }

  /* The notes holding a word as a phrase: Map note -> {bits, count}. */
  function matchWord(word, m) {
    var unique = word.terms.map(function (t) { return t.term; })
      .filter(function (t, i, all) { return all.indexOf(t) === i; });
    return Promise.all(unique.map(function (t) { return postings(t, m); })).then(function (lists) {
      var by = {};
      unique.forEach(function (t, i) { by[t] = lists[i]; });
      unique.sort(function (a, b) { return by[a].notes.length - by[b].notes.length; });
      var found = null;
      unique.forEach(function (term) {
        var p = by[term], next = new Map();
        for (var i = 0; i < p.notes.length; i++) {
          var hit = found ? found.get(p.notes[i]) : { bits: 7, count: 3, at: {} };
          if (!hit) continue;
          hit.bits &= p.weights[i] & 7;
          hit.count = Math.min(hit.count, p.weights[i] >> 3);
          hit.at[term] = i;
          next.set(p.notes[i], hit);
        }
        found = next;
      });
      /* One term is its own proof; more (even one term twice, as in 哈哈哈) need positions. */
      if (word.terms.length < 2 || !found.size) return found;
      var pins = cover(word.terms);
      var wanted = pins.map(function (t) { return positions(t.term, m, by[t.term].notes.length); });
      return Promise.all(wanted).then(function (places) {
        found.forEach(function (hit, note) {
          var lists = pins.map(function (t, k) { return places[k][hit.at[t.term]]; });
          var n = lists[0].filter(function (p) {
            var base = p - pins[0].pos;
            return pins.every(function (t, k) { return lists[k].indexOf(base + t.pos) >= 0; });
          }).length;
          if (n) hit.count = Math.min(3, n); else found.delete(note);
        });
        return found;
      });
    });
  }

  /* The words of a query: each a phrase of two or more characters. */
  function parse(query) {
    var seen = {};
    return query.split(/\s+/).map(function (text) {
      return { text: fold(text), terms: terms(text) };
    }).filter(function (w) {
      var fresh = w.terms.length && !seen[w.text];
      seen[w.text] = true;
      return fresh;
    }).slice(0, 8);
  }

  /* Notes matching any word: more words first, then title, tags, other fields, body. */
  function search(query) {
    var words = parse(query);
    if (!words.length) return Promise.resolve({ words: words, hits: [], short: true });
    return load('index').then(function (m) {
      return Promise.all(words.map(function (w) { return matchWord(w, m); })).then(function (maps) {
        var hits = new Map();
        maps.forEach(function (found) {
          found.forEach(function (hit, note) {
            var h = hits.get(note) || { note: note, words: 0, score: 0 };
            h.words++;
            h.score += (hit.bits & 1 ? 100 : 0) + (hit.bits & 2 ? 50 : 0) +
              (hit.bits & 4 ? 20 : 0) + 10 * hit.count;
            hits.set(note, h);
          });
        });
        var list = Array.from(hits.values()).sort(function (a, b) {
          return b.words - a.words || b.score - a.score || a.note - b.note;
        });
        return { words: words, hits: list, manifest: m };
      });
    });
  }

  /* A path segment as links.rs encodes it: all but letters, digits and -._~ escaped. */
  function segment(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  /* What a result shows of note `id`: {t: title, u: link from the site root, a: author,
     b: branch, d: date, x: opening text}. */
  function noteFile(id, m) {
    return load('d/' + Math.floor(id / m.group)).then(function (rows) {
      var r = rows[id % m.group];
      var link = 'notes/' + r[1].split('/').map(segment).join('/') + '.html';
      return { t: r[0], u: link, a: r[2], b: r[3], d: r[4], x: r[5] };
    });
  }

  /* What the filters need: {names, of: note -> {member, year, plan}} for `ids`. */
  function facets(ids, m) {
    var blocks = Array.from(new Set(ids.map(function (id) { return Math.floor(id / m.block); })));
    var wanted = [load('filters')].concat(blocks.map(function (b) { return load('f/' + b); }));
    return Promise.all(wanted).then(function (data) {
      var names = data[0], of = {};
      blocks.forEach(function (b, k) {
        var n = numbers(data[k + 1]), i = 0, id = b * m.block;
        while (i < n.length) {
          var count = n[i + 2];
          of[id++] = { member: n[i], year: names.first_year + n[i + 1], plan: n.slice(i + 3, i + 3 + count) };
          i += 3 + count;
        }
      });
      return { names: names, of: of };
    });
  }

  var api = window.studybookSearch;
  api.search = search;
  api.noteFile = noteFile;
  api.facets = facets;
  api.fold = fold;
  api.warm = function () { return load('index'); };
}());
