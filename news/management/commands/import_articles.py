"""Import articles saved from the old site; see news.importers.articles for the file format."""

from django.core.management.base import BaseCommand, CommandError

from news.importers.articles import article_files, parse_article
from news.importers.errors import ArticleImportError
from news.importers.files import read_article_file
from news.importers.stories import save_article


class Command(BaseCommand):
    help = (
        "Import article files (Categories line, headline, HTML body, author and bio) as "
        "stories. A PATH may be a folder: its *.txt files are imported in name order. "
        "Stories are saved as drafts unless --publish is given; importing a file again "
        "updates the story it created."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Article file or folder")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the stories, not just save drafts"
        )

    def handle(self, *args, paths, publish, **options):
        files = []
        for path in paths:
            found = article_files(path)
            if not found:
                self.stderr.write(f"{path}: no .txt files in this folder")
            files.extend(found)
        if not files:
            raise CommandError("Nothing to import.")

        failed = 0
        for path in files:
            try:
                result = save_article(parse_article(read_article_file(path)), publish=publish)
            except ArticleImportError as error:
                failed += 1
                self.stderr.write(f"{path}: {error}")
                continue
            except Exception as error:
                # One broken file must not stop the rest; save_article has rolled it back.
                if options.get("traceback"):
                    raise
                failed += 1
                self.stderr.write(f"{path}: failed while saving ({type(error).__name__}: {error})")
                continue
            self.stdout.write(f'Imported {path}: "{result.story.title}" ({self.describe(result)})')

        if failed:
            raise CommandError(f"{failed} of {len(files)} files failed")

    def describe(self, result):
        parts = ["created" if result.created else "updated"]
        if result.moved:
            parts.append(f"moved to {result.story.section.title}")
        if result.published:
            parts.append("published")
        elif result.story.live:
            parts.append("draft; the live version is unchanged")
        else:
            parts.append("draft")
        return ", ".join(parts)
