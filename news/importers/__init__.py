"""Stories from elsewhere: the seed article format and WordPress exports (WXR), with their size
limits. Management commands stay thin and call these. May import the story model and people;
not api, desk or distribution.

Shared by every format: `errors` (what an importer raises), `files` (reading within the size
limits), `story_body` (HTML to safe story blocks) and `stories` (ParsedArticle and
`save_article`). The seed format: `articles`. WordPress: `wordpress_export` reads the WXR
file, `wordpress_body` turns classic or Gutenberg HTML into blocks, `wordpress_posts` saves
the posts with their images and links, `remote_media` downloads images (--fetch-media), and
`report` groups the run's warnings for the summary and the --report file.
"""
