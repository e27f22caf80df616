"""The OpenAPI document API v3 serves, made valid for the validators and client generators
front-end developers bring (openapi-spec-validator, openapi-typescript).

Wagtail 8.0.1 publishes `AllowAnonymous` (wagtail/api/v3/auth.py) as a security scheme
`{"type": "http"}` with no `scheme`, which OpenAPI requires of every http scheme, so validators
reject the whole document. It is not a way to authenticate at all: it marks a public read,
where a token is optional. OpenAPI says that with an empty security requirement (`{}`) beside
the bearer one, which is what we serve instead.

Reported upstream (Wagtail, API v3): AllowAnonymous should not be a security scheme. Ninja
lists every auth callback that has an `openapi_security_schema`; AllowAnonymous should have
none, and the operations that take it should list `{}` in their `security` (Ninja's
`openapi_extra`), e.g. `[{"BearerTokenAuth": []}, {}]`. Once a Wagtail release does that,
`optional_token_spelled_as_openapi_says` finds nothing to change and can go.
"""

from functools import wraps

from news.api.page_type import with_discriminator

ANONYMOUS = "AllowAnonymous"


def optional_token_spelled_as_openapi_says(document):
    """Drop the AllowAnonymous pseudo-scheme; operations that took it take no credentials."""
    schemes = document.get("components", {}).get("securitySchemes", {})
    schemes.pop(ANONYMOUS, None)
    if not schemes:
        document.get("components", {}).pop("securitySchemes", None)
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            requirements = operation.get("security") if isinstance(operation, dict) else None
            if requirements:
                operation["security"] = [
                    {} if ANONYMOUS in requirement else requirement for requirement in requirements
                ]
    return document


def serve_valid_openapi(api):
    """Correct the document `api` (Wagtail's API v3) serves at /openapi.json and to its docs,
    and name the page unions' discriminator (news/api/page_type.py)."""
    generate = api.get_openapi_schema

    @wraps(generate)
    def corrected(**kwargs):
        return with_discriminator(optional_token_spelled_as_openapi_says(generate(**kwargs)))

    api.get_openapi_schema = corrected
