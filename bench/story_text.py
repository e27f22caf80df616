"""The seeder's fake copy: names, words and topics, and the headlines, rich text and
StreamField blocks of a story in Wagtail's raw JSON shapes.

Everything is drawn from the `random.Random` the seeder passes in, so a given seed always
writes the same words; no Django needed.
"""

import uuid

SECTION_NAMES = [
    "World",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Climate",
    "Sport",
    "Culture",
    "Opinion",
    "Education",
    "Travel",
]


def _words(text):
    return text.split()


FIRST_NAMES = _words("Amara Bilal Chen Dana Elif Farah Goran Hana Ines Jonas Kofi Lena Mateo Nadia")
LAST_NAMES = _words("Adeyemi Berg Costa Dubois Eriksen Fischer Garcia Haddad Ito Jha Kowalski Lund")
WORDS = _words(
    "government minister election council budget market shares growth inflation rates bank "
    "energy wind solar grid climate flood drought harvest wheat port strike union workers "
    "hospital vaccine research study scientists satellite methane ocean river coast city "
    "village border talks treaty court ruling appeal police report investigation company "
    "profits jobs stores prices housing rent schools teachers students university match "
    "season coach final league festival film museum artist novel music record crowd "
    "protest reform tax plan vote parliament senate mayor region province capital summit "
    "allies trade exports imports shipping rail airport bridge roads water power data "
    "software network privacy security startup investors funding launch mission rescue"
)
# What stories are about: each story is about one, so a topic names 1 in len(TOPICS) stories,
# as a reader's search for a place or a company would. The search scenario looks for these.
TOPICS = _words(
    "Estravia Valmora Dorvania Orsanne Ashby Marlowe Coastline Kestrel Brightwater Halden "
    "Norvik Palisade Quorra Redfern Solano Tamsin Umbria Vantor Wexley Yarrow Zenlith Corvane "
    "Meridia Ostrava Pellham Rivenna Sable Thornby Ulmsted Veridian Calder Dunmore Elsbury "
    "Fenwick Glenmore Harrowgate Islay Jarrow Kinross Lochside"
)


class Newsroom:
    """Deterministic fake copy: headlines, rich text and blocks in Wagtail's raw JSON shapes."""

    def __init__(self, rng):
        self.rng = rng

    def words(self, low, high):
        return [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]

    def sentence(self, low=8, high=18):
        return " ".join(self.words(low, high)).capitalize() + "."

    def headline(self):
        return " ".join(self.words(5, 10)).capitalize()

    def rich_paragraph(self, story_ids):
        parts = [self.sentence() for _ in range(self.rng.randint(2, 4))]
        roll = self.rng.random()
        if roll < 0.25 and story_ids:
            target = self.rng.choice(story_ids)
            parts[0] = f'<a linktype="page" id="{target}">{parts[0]}</a>'
        elif roll < 0.45:
            parts[0] = f'<a href="https://example.org/{self.rng.choice(WORDS)}">{parts[0]}</a>'
        if self.rng.random() < 0.3:
            parts[-1] = f"<b>{parts[-1]}</b>"
        if self.rng.random() < 0.2:
            parts[-1] = f"<i>{parts[-1]}</i>"
        return "<p>" + " ".join(parts) + "</p>"

    def block(self, block_type, value):
        block_id = uuid.UUID(int=self.rng.getrandbits(128))
        return {"type": block_type, "value": value, "id": str(block_id)}

    def body(self, lede_text, story_ids, published):
        """5-15 blocks: the lede, then mostly paragraphs, with the other kinds mixed in."""
        blocks = [self.block("lede", f"<p>{lede_text}</p>")]
        for _ in range(self.rng.randint(4, 14)):
            roll = self.rng.random()
            if roll < 0.55:
                blocks.append(self.block("paragraph", self.rich_paragraph(story_ids)))
            elif roll < 0.7:
                blocks.append(self.block("heading", " ".join(self.words(3, 7)).capitalize()))
            elif roll < 0.8:
                handle = self.rng.choice(FIRST_NAMES).lower() + str(self.rng.randint(1, 99))
                tweet = {
                    "url": f"https://x.com/{handle}/status/{self.rng.getrandbits(60)}",
                    "author_name": handle.title(),
                    "author_handle": handle,
                    "text": self.sentence(6, 20),
                    "date": published.date().isoformat(),
                }
                blocks.append(self.block("tweet", tweet))
            elif roll < 0.9 and story_ids:
                link = {"page": self.rng.choice(story_ids), "url": "", "title": ""}
                blocks.append(self.block("related_link", link))
            else:
                quote = {
                    "text": self.sentence(8, 25),
                    "attribution": f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                }
                blocks.append(self.block("quote", quote))
        return blocks
