import re

from django.core.exceptions import ValidationError

# X allows letters, digits and underscores, up to 15 characters.
X_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")


def validate_x_handle(value):
    if not X_HANDLE.match(value):
        raise ValidationError(
            "Enter the handle without the @: up to 15 letters, digits or underscores.",
            code="invalid_x_handle",
        )
