"""The front page and the newsroom's site settings (name, logo, social handles).
Builds on news and people; nothing in news imports it (news reads the settings by model name)."""
