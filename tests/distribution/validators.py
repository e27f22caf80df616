"""Validators for what crawlers and feed readers fetch, run offline (no network in the tests).

Sitemaps: XML Schema, with lxml, against the schemas in tests/fixtures/schemas/ (their sources
are in the README there).

Feeds: the W3C Feed Validator (https://github.com/w3c/feedvalidator) is a web service whose
code is in no package registry the project's machines and CI reach, so it cannot run here.
Atom is validated instead against RFC 4287's RELAX NG schema (lxml, through rnc2rng), plus, in
Python, the RFC's Schematron rules the schema leaves out and the W3C validator's checks that
matter to us (a rel="self" link naming the feed's own address, entry ids that are absolute,
unique and well-formed tag URIs). RSS 2.0 has no schema: its specification's rules
(https://www.rssboard.org/rss-specification) are checked in Python, with the same W3C checks.
"""

import re
from email.utils import parsedate_to_datetime
from functools import cache
from urllib.parse import urlsplit

import rnc2rng
from django.conf import settings
from lxml import etree

SCHEMAS = settings.BASE_DIR / "tests" / "fixtures" / "schemas"
ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}

# RFC 4151: tag:authority,date:specific, the date as YYYY, YYYY-MM or YYYY-MM-DD.
TAG_URI = re.compile(r"tag:[A-Za-z0-9.\-]+(@[A-Za-z0-9.\-]+)?,\d{4}(-\d{2}(-\d{2})?)?:\S+")
MEDIA_TYPE = re.compile(r"[\w.+\-]+/[\w.+\-]+")

RSS_CHANNEL_ELEMENTS = {
    *("title", "link", "description", "language", "copyright", "managingEditor", "webMaster"),
    *("pubDate", "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image"),
    *("rating", "textInput", "skipHours", "skipDays", "item"),
}
RSS_ITEM_ELEMENTS = {
    *("title", "link", "description", "author", "category", "comments", "enclosure", "guid"),
    *("pubDate", "source"),
}


@cache
def sitemap_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "newsdesk-sitemaps.xsd")))


@cache
def atom_schema():
    rng = rnc2rng.dumps(rnc2rng.loads((SCHEMAS / "atom.rnc").read_text()))
    # rnc2rng declares the RFC's `local` prefix for the empty namespace, which XML forbids;
    # the prefix is unused in its output (attributes in no namespace are written ns="").
    return etree.RelaxNG(etree.fromstring(rng.replace('xmlns:local=""', "").encode()))


def sitemap_errors(content):
    schema = sitemap_schema()
    if schema.validate(etree.fromstring(content)):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def atom_errors(content, location):
    """Everything wrong with an Atom feed served at `location` (an empty list when valid)."""
    feed = etree.fromstring(content)
    schema = atom_schema()
    errors = [] if schema.validate(feed) else [e.message for e in schema.error_log]
    if feed.tag != f"{{{ATOM}}}feed":
        return [*errors, "not an atom:feed"]

    entries = feed.findall("atom:entry", NS)
    # RFC 4287 4.1.1: authors on the feed, or on every entry.
    if feed.find("atom:author", NS) is None and any(
        entry.find("atom:author", NS) is None for entry in entries
    ):
        errors.append("an entry has no author, and neither does the feed")
    errors += _self_link_errors(feed.findall("atom:link[@rel='self']", NS), location)
    errors += _alternate_link_errors(feed)
    ids = [entry.findtext("atom:id", namespaces=NS) for entry in entries]
    errors += _id_errors([i for i in ids if i is not None])
    for entry in entries:
        errors += _alternate_link_errors(entry)
        content = entry.find("atom:content", NS)
        # RFC 4287 4.1.2: an entry without content links to it.
        alternates = [
            link
            for link in entry.findall("atom:link", NS)
            if link.get("rel", "alternate") == "alternate"
        ]
        if content is None and not alternates:
            errors.append("an entry has neither content nor an alternate link")
        # RFC 4287 4.1.1.1: content that is not inline text needs a summary.
        inline_text = content is None or (
            not content.get("src") and content.get("type", "text") in ("text", "html", "xhtml")
        )
        if not inline_text and entry.find("atom:summary", NS) is None:
            errors.append("an entry with out-of-line or binary content has no summary")
        for name in ("published", "updated"):
            errors += _rfc3339_errors(entry.findtext(f"atom:{name}", namespaces=NS), name)
        for link in entry.findall("atom:link", NS):
            errors += _absolute_errors(link.get("href"), "entry link")
    errors += _rfc3339_errors(feed.findtext("atom:updated", namespaces=NS), "feed updated")
    return errors


def rss_errors(content, location):
    """Everything wrong with an RSS 2.0 feed served at `location` (an empty list when valid)."""
    rss = etree.fromstring(content)
    if rss.tag != "rss" or rss.get("version") != "2.0":
        return ['the root is not <rss version="2.0">']
    channels = rss.findall("channel")
    if len(channels) != 1:
        return ["an RSS feed has exactly one channel"]
    channel = channels[0]
    errors = []
    for name in ("title", "link", "description"):
        if len(channel.findall(name)) != 1:
            errors.append(f"the channel needs exactly one {name}")
    errors += _absolute_errors(channel.findtext("link"), "channel link")
    errors += _unknown_elements(channel, RSS_CHANNEL_ELEMENTS, "channel")
    errors += _self_link_errors(channel.findall("atom:link[@rel='self']", NS), location)
    for name in ("pubDate", "lastBuildDate"):
        errors += _rfc822_errors(channel.findtext(name), f"channel {name}")

    guids = []
    for item in channel.findall("item"):
        errors += _unknown_elements(item, RSS_ITEM_ELEMENTS, "item")
        if item.find("title") is None and item.find("description") is None:
            errors.append("an item needs a title or a description")
        if item.find("link") is not None:
            errors += _absolute_errors(item.findtext("link"), "item link")
        errors += _rfc822_errors(item.findtext("pubDate"), "item pubDate")
        guid = item.find("guid")
        if guid is not None:
            guids.append(guid.text)
            permalink = guid.get("isPermaLink", "true")
            if permalink not in ("true", "false"):
                errors.append(f"guid isPermaLink={permalink!r}")
            elif permalink == "true":
                errors += _absolute_errors(guid.text, "permalink guid")
        for enclosure in item.findall("enclosure"):
            if not (enclosure.get("length") or "").isdigit():
                errors.append("an enclosure's length is not a number of bytes")
            if not MEDIA_TYPE.fullmatch(enclosure.get("type") or ""):
                errors.append("an enclosure has no media type")
            errors += _absolute_errors(enclosure.get("url"), "enclosure url")
        if any(not (category.text or "").strip() for category in item.findall("category")):
            errors.append("an empty category")
    errors += _id_errors([guid for guid in guids if guid is not None])
    return errors


def _unknown_elements(element, known, where):
    # Elements in no namespace must be RSS's own; extensions come in their own namespaces.
    return [
        f"unknown {where} element <{child.tag}>"
        for child in element
        if isinstance(child.tag, str) and not child.tag.startswith("{") and child.tag not in known
    ]


def _self_link_errors(links, location):
    if len(links) != 1:
        return [f"{len(links)} rel=self links (want one)"]
    if links[0].get("href") != location:
        return [f"rel=self is {links[0].get('href')}, but the feed is at {location}"]
    return []


def _alternate_link_errors(element):
    seen = set()
    for link in element.findall("atom:link", NS):
        if link.get("rel", "alternate") != "alternate":
            continue
        key = (link.get("type"), link.get("hreflang"))
        if key in seen:
            return ["two alternate links with the same type and hreflang"]
        seen.add(key)
    return []


def _id_errors(ids):
    errors = [f"duplicate id {i}" for i in sorted(set(ids)) if ids.count(i) > 1]
    for value in ids:
        if value.startswith("tag:"):
            if not TAG_URI.fullmatch(value):
                errors.append(f"malformed tag URI {value}")
        else:
            errors += _absolute_errors(value, "id")
    return errors


def _absolute_errors(url, what):
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [f"{what} is not an absolute http(s) URL: {url!r}"]
    return []


def _rfc822_errors(value, what):
    if value is None:
        return []
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return [f"{what} is not an RFC 822 date: {value!r}"]
    # RFC 822 dates carry their zone; the W3C validator also wants a four-digit year.
    if moment.tzinfo is None or not re.search(r"\b\d{4}\b", value):
        return [f"{what} is not an RFC 822 date with a zone and a 4-digit year: {value!r}"]
    if value[:3] != moment.strftime("%a"):
        return [f"{what} names the wrong day of the week: {value!r}"]
    return []


def _rfc3339_errors(value, what):
    # xsd:dateTime (the schema's check) allows a missing zone; RFC 3339 does not.
    if value is not None and not re.search(r"(Z|[+\-]\d{2}:\d{2})$", value):
        return [f"{what} has no time zone: {value!r}"]
    return []
