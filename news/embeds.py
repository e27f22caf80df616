"""Which video, audio and social posts a story may embed, read from their address alone.

An embed is stored as what its address says (provider, canonical URL, a thumbnail where the
address names one) and is never fetched: saving, importing and rendering make no network call.
Readers get a link card; only providers with a privacy-enhanced player (YouTube's
youtube-nocookie.com, Vimeo's ?dnt=1) are also shown in a frame, and those two player origins
are all the Content-Security-Policy's frame-src allows for embeds (cms/settings/base.py).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError

# Origins of the privacy-enhanced players; the CSP's frame-src lists exactly these.
PRIVATE_PLAYER_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_PATH = re.compile(r"^/(?:embed|shorts|live|v)/(?P<id>[A-Za-z0-9_-]{11})/?$")
VIMEO_PATH = re.compile(r"^/(?:video/)?(?:channels/[\w-]+/|groups/[\w-]+/videos/)?(?P<id>\d+)/?")
INSTAGRAM_PATH = re.compile(r"^/(?:[\w.]+/)?(?:p|reel|reels|tv)/[\w-]+/?$")
TIKTOK_PATH = re.compile(r"^/@[\w.-]+/video/\d+/?$")
SOUNDCLOUD_PATH = re.compile(r"^/[\w-]+/(?:sets/)?[\w-]+/?$")
WORDPRESS_TV_PATH = re.compile(r"^/\d{4}/\d{2}/\d{2}/[\w-]+/?$")
MEDIA_FILE = re.compile(r"\.(?:mp3|m4a|ogg|oga|wav|flac|mp4|m4v|webm|ogv|mov)$", re.IGNORECASE)

PROVIDERS = {
    "youtube": "YouTube",
    "vimeo": "Vimeo",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "tiktok": "TikTok",
    "soundcloud": "SoundCloud",
    "wordpress_tv": "WordPress.tv",
    # An audio or video file itself, such as one a WordPress [audio] shortcode played.
    "media_file": "Audio or video file",
}


@dataclass(frozen=True)
class Embed:
    provider: str
    url: str
    thumbnail: str = ""
    # The privacy-enhanced player's address, where the provider has one.
    player: str = ""


def recognise(url):
    """The Embed an address stands for, or raise ValidationError saying what is wrong."""
    parts = urlsplit((url or "").strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if parts.scheme not in {"http", "https"} or not host:
        raise ValidationError(
            "Enter a web address starting with https://.", code="not_a_web_address"
        )
    for provider, read in READERS.items():
        embed = read(host, parts)
        if embed is not None:
            return embed if isinstance(embed, Embed) else Embed(provider, embed)
    raise ValidationError(
        "This address is not one we can embed: use a YouTube, Vimeo, Instagram, Facebook, "
        "TikTok, SoundCloud or WordPress.tv address, or a link to an audio or video file.",
        code="unknown_embed_provider",
    )


def _youtube(host, parts):
    if host == "youtu.be":
        video = parts.path.strip("/")
    elif host in {"youtube.com", "music.youtube.com", "youtube-nocookie.com"}:
        path = YOUTUBE_PATH.match(parts.path)
        video = path["id"] if path else parse_qs(parts.query).get("v", [""])[0]
    else:
        return None
    if not YOUTUBE_ID.match(video):
        return None
    return Embed(
        "youtube",
        f"https://www.youtube.com/watch?v={video}",
        thumbnail=f"https://i.ytimg.com/vi/{video}/hqdefault.jpg",
        player=f"https://www.youtube-nocookie.com/embed/{video}",
    )


def _vimeo(host, parts):
    if host not in {"vimeo.com", "player.vimeo.com"}:
        return None
    path = VIMEO_PATH.match(parts.path)
    if not path:
        return None
    return Embed(
        "vimeo",
        f"https://vimeo.com/{path['id']}",
        player=f"https://player.vimeo.com/video/{path['id']}?dnt=1",
    )


def _matching(hosts, path_pattern):
    def read(host, parts):
        if host in hosts and path_pattern.match(parts.path):
            return f"https://{parts.hostname}{parts.path}" + (
                f"?{parts.query}" if parts.query else ""
            )
        return None

    return read


def _facebook(host, parts):
    if host == "fb.watch" or (host == "facebook.com" and parts.path.strip("/")):
        return f"https://{parts.hostname}{parts.path}" + (f"?{parts.query}" if parts.query else "")
    return None


def _media_file(host, parts):
    if MEDIA_FILE.search(parts.path):
        return parts.geturl()
    return None


READERS = {
    "youtube": _youtube,
    "vimeo": _vimeo,
    "instagram": _matching({"instagram.com"}, INSTAGRAM_PATH),
    "facebook": _facebook,
    "tiktok": _matching({"tiktok.com"}, TIKTOK_PATH),
    "soundcloud": _matching({"soundcloud.com"}, SOUNDCLOUD_PATH),
    "wordpress_tv": _matching({"wordpress.tv"}, WORDPRESS_TV_PATH),
    "media_file": _media_file,
}
