// Keeps an open live coverage page current (live/templates/live/live_coverage.html).
//
// While the coverage is live it asks the cursor endpoint for what changed after the last
// change it applied (`?since=`), every few seconds, with the previous answer's ETag: an idle
// poll is a 304 with no body. Changes come oldest first, so applying them in order is right:
// a new entry goes to the top of the first page, an edited one replaces its old self, a
// withdrawn one goes; the pinned entries and the key events follow. It stops when the
// coverage ends, waits longer after each failure, and rests while the tab is hidden.
// It also opens the older page of an entry a plain `#entry-<id>` names, and keeps the
// entries' "5 minutes ago" current.
(function () {
  "use strict";

  const POLL_MS = 3000;
  const MOST_BACKOFF_MS = 60000;
  const RELATIVE_TIMES_MS = 30000;
  const ENTRY_ANCHOR = /^#entry-(\d+)$/;

  // A plain #entry-<id> (a shared link, a key event) naming an entry this page does not hold:
  // the server finds its page.
  function openEntryPage() {
    const match = ENTRY_ANCHOR.exec(window.location.hash);
    if (!match || document.getElementById("entry-" + match[1])) return;
    const params = new URLSearchParams(window.location.search);
    if (params.get("entry") === match[1]) return; // already asked; the server said where
    window.location.assign("?entry=" + match[1] + window.location.hash);
  }
  openEntryPage();
  window.addEventListener("hashchange", openEntryPage);

  // The same words as news/formatting.py's time_ago, which rendered them on the server.
  const UNITS = [
    ["year", 365 * 24 * 3600],
    ["month", 30 * 24 * 3600],
    ["week", 7 * 24 * 3600],
    ["day", 24 * 3600],
    ["hour", 3600],
    ["minute", 60],
  ];

  function timeAgo(moment) {
    const seconds = (Date.now() - moment) / 1000;
    for (const [name, size] of UNITS) {
      const count = Math.floor(seconds / size);
      if (count >= 1) return count + " " + name + (count === 1 ? "" : "s") + " ago";
    }
    return "just now";
  }

  function refreshTimes(root) {
    for (const element of root.querySelectorAll("[data-time-ago]")) {
      const moment = Date.parse(element.dataset.timeAgo);
      if (!Number.isNaN(moment)) element.textContent = timeAgo(moment);
    }
  }
  refreshTimes(document);
  window.setInterval(() => refreshTimes(document), RELATIVE_TIMES_MS);

  const list = document.querySelector("[data-live-entries]");
  if (!list || list.dataset.live !== "true") return;

  const firstPage = list.dataset.firstPage === "true";
  const announcer = document.querySelector("[data-live-announcer]");
  const pinnedArea = document.querySelector("[data-live-pinned]");
  const keyEvents = document.querySelector("[data-live-key-events]");
  const status = document.querySelector("[data-live-status]");
  const timeZone = status ? status.dataset.timeZone : undefined;
  let cursor = list.dataset.cursor;
  let etag = null;
  let delay = POLL_MS;
  let timer = null;
  let stopped = false;

  function articleOf(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function postedAt(article) {
    return Date.parse(article.dataset.postedAt);
  }

  // Where an entry not on this page goes: among the shown ones by time, newest first. One
  // older than all of them is an edit to an entry on an older page, and stays there.
  function placeOnPage(article) {
    const moment = postedAt(article);
    const items = Array.from(list.children);
    const older = items.find((item) => postedAt(item.firstElementChild) < moment);
    if (!older && items.length) return false;
    const item = document.createElement("li");
    item.appendChild(article);
    list.insertBefore(item, older || null);
    return true;
  }

  function showInPlace(entry) {
    const article = articleOf(entry.html);
    const shown = document.getElementById("entry-" + entry.id);
    if (shown) {
      shown.replaceWith(article);
      return false;
    }
    if (!firstPage) return false;
    return placeOnPage(article);
  }

  function removeEntry(id) {
    const shown = document.getElementById("entry-" + id);
    if (shown && shown.parentElement.tagName === "LI") shown.parentElement.remove();
  }

  // The pinned area holds a copy of each pinned entry, its ids prefixed to stay unique.
  function updatePinned(entry) {
    if (!pinnedArea) return;
    const old = pinnedArea.querySelector('[data-pinned-entry="' + entry.id + '"]');
    if (entry.status !== "published" || !entry.pinned) {
      if (old) old.remove();
    } else {
      const copy = document.createElement("div");
      copy.className = "live-pinned__entry";
      copy.dataset.pinnedEntry = entry.id;
      const article = articleOf(entry.html);
      for (const element of [article, ...article.querySelectorAll("[id]")]) {
        if (element.id) element.id = "pinned-" + element.id;
      }
      for (const element of article.querySelectorAll("[aria-labelledby]")) {
        element.setAttribute("aria-labelledby", "pinned-" + element.getAttribute("aria-labelledby"));
      }
      copy.appendChild(article);
      if (old) old.replaceWith(copy);
      else pinnedArea.prepend(copy);
    }
    pinnedArea.hidden = !pinnedArea.querySelector("[data-pinned-entry]");
  }

  function clockTime(moment) {
    return new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: timeZone,
    }).format(moment);
  }

  function updateKeyEvents(entry) {
    if (!keyEvents) return;
    const items = keyEvents.querySelector("ol");
    const old = items.querySelector('[data-key-event="' + entry.id + '"]');
    if (entry.status !== "published" || !entry.key_event) {
      if (old) old.remove();
    } else {
      const article = articleOf(entry.html);
      const item = document.createElement("li");
      item.dataset.keyEvent = entry.id;
      const link = document.createElement("a");
      link.href = "#entry-" + entry.id;
      const time = document.createElement("time");
      time.dateTime = entry.posted_at;
      time.textContent = clockTime(Date.parse(entry.posted_at));
      link.append(time, " " + article.dataset.summary);
      item.appendChild(link);
      if (old) {
        old.replaceWith(item);
      } else {
        // Newest first, as the page lists them.
        const moment = Date.parse(entry.posted_at);
        const later = Array.from(items.children).find(
          (shown) => Date.parse(shown.querySelector("time").dateTime) < moment,
        );
        items.insertBefore(item, later || null);
      }
    }
    keyEvents.hidden = !items.children.length;
  }

  function markEnded(coverage) {
    stopped = true;
    if (!status) return;
    const badge = status.querySelector(".live-badge");
    badge.textContent = "Ended";
    badge.classList.add("live-badge--ended");
    const ended = status.querySelector("[data-live-ended]");
    if (ended && coverage.ended_at && !ended.querySelector("time")) {
      const time = document.createElement("time");
      time.dateTime = coverage.ended_at;
      time.textContent = clockTime(Date.parse(coverage.ended_at));
      ended.append(" · Ended ", time);
    }
    announce("This live coverage has ended.");
  }

  function announce(words) {
    if (announcer) announcer.textContent = words;
  }

  // Keeps what the reader is looking at where it is when entries are added above it.
  function keepingScroll(change) {
    const anchor = Array.from(list.children).find(
      (item) => item.getBoundingClientRect().bottom > 0,
    );
    const scrolledPast = list.getBoundingClientRect().top < 0;
    const before = anchor ? anchor.getBoundingClientRect().top : 0;
    change();
    if (scrolledPast && anchor && anchor.isConnected) {
      window.scrollBy(0, anchor.getBoundingClientRect().top - before);
    }
  }

  function apply(data) {
    let added = 0;
    keepingScroll(() => {
      for (const entry of data.entries) {
        if (entry.status === "published") {
          if (showInPlace(entry)) added += 1;
        } else {
          removeEntry(entry.id);
        }
        updatePinned(entry);
        updateKeyEvents(entry);
      }
    });
    if (added) {
      const empty = document.querySelector("[data-live-empty]");
      if (empty) empty.remove();
      refreshTimes(list);
      if (window.twttr && window.twttr.widgets) window.twttr.widgets.load(list);
      announce(added === 1 ? "1 new update" : added + " new updates");
    }
    cursor = String(data.cursor);
    if (data.coverage && data.coverage.status === "ended") markEnded(data.coverage);
  }

  async function poll() {
    timer = null;
    if (stopped || document.hidden) return;
    const url = new URL(list.dataset.entriesUrl, window.location.href);
    url.searchParams.set("since", cursor);
    const headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    try {
      const response = await fetch(url, { headers: headers, cache: "no-store" });
      if (response.status === 404) {
        stopped = true; // the coverage is no longer public
        return;
      }
      if (response.status !== 304) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        const asked = cursor;
        apply(await response.json());
        // An ETag names this answer to this URL; once the cursor moves, the next URL differs.
        etag = cursor === asked ? response.headers.get("ETag") : null;
      }
      delay = POLL_MS;
    } catch (error) {
      delay = Math.min(delay * 2, MOST_BACKOFF_MS);
    }
    schedule();
  }

  function schedule() {
    if (!stopped && !document.hidden && timer === null) timer = window.setTimeout(poll, delay);
  }

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      window.clearTimeout(timer);
      timer = null;
    } else {
      schedule();
    }
  });
  schedule();
})();
