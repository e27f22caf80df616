"""The people of a browser test and what they do, counted: shared by every flow in tests/e2e."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect


def colleague(username, role):
    user = get_user_model().objects.create_user(
        username,
        password=f"{username}-password",
        email=f"{username}@newsroom.example",
        first_name=username.title(),
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-password")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))


class Actions:
    """What a person does in the browser, counted: each click, fill, typed text and key press
    (a paste is one key press, as a person makes it)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, text):
        self.count += 1
        locator.fill(text)

    def press(self, key):
        self.count += 1
        self.page.keyboard.press(key)

    def type(self, text):
        self.count += 1
        self.page.keyboard.type(text)

    def paste(self, html):
        """Paste HTML where the cursor is, as from a copied web page (the browser's clipboard
        is not for tests to touch)."""
        self.count += 1
        self.page.evaluate(
            """html => {
                const data = new DataTransfer();
                data.setData("text/html", html);
                data.setData("text/plain", html.replace(/<[^>]+>/g, ""));
                const paste = {clipboardData: data, bubbles: true, cancelable: true};
                document.activeElement.dispatchEvent(new ClipboardEvent("paste", paste));
            }""",
            html,
        )


def rich_text_block(page, position):
    return page.locator("#body-root [contenteditable=true]").nth(position)


def wait_for_block(page, position, text):
    # The editor copies its content into the form a moment later: wait, or it posts the old text.
    expect(page.locator(f"input[name='body-{position}-value']")).to_have_value(
        re.compile(re.escape(text.split()[-1]))
    )
