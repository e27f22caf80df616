"""A page's type at the top of every page API v3 serves: `type`, the same label as `meta.type`,
declared as the OpenAPI `discriminator` of the page union.

API v3 answers a page detail with a union of page schemas told apart by `meta.type`. A typed
client cannot narrow that union by `page.meta.type`: TypeScript narrows a union only by a
property of the value itself, and OpenAPI's `discriminator` can only name such a property. So
each page schema gains `type` (a single-value `const`), every listing item too (one of the page
types), and the document names `type` as the discriminator of every page union, with a
mapping from each page type to its schema. `meta.type` stays, for the clients that read it.

Both values come from one rule, Wagtail's own for `meta.type`, so they cannot disagree.
"""

import sys
from typing import Literal

from django.core.exceptions import ImproperlyConfigured
from wagtail.api.v3.schemas.pages import PageSchema, SimpleBasePageMetaSchema
from wagtail.models import get_page_models

PROPERTY = "type"

# Wagtail's rule for `meta.type`: the page's specific class, read from its content type.
page_type = staticmethod(SimpleBasePageMetaSchema.resolve_type)


def page_labels():
    return tuple(model._meta.label for model in get_page_models())


def typed(schema, name, annotation):
    """`schema` with `type` (typed `annotation`) after its own fields, named `name`."""
    namespace = {"__annotations__": {PROPERTY: annotation}, f"resolve_{PROPERTY}": page_type}
    return type(schema)(name, (schema,), namespace)


def register():
    """Give every page's read schema its `type`. Runs from NewsConfig.ready(), before API v3
    builds its page schemas (news/api/schema.py says when)."""
    from wagtail.api.v3.schemas.generators.read import read_generator

    if "wagtail.api.v3.registry" in sys.modules:  # too late: the schemas exist without `type`
        raise ImproperlyConfigured("List the news app before wagtail.images in INSTALLED_APPS.")
    generate = read_generator.generate_schema

    # The generator has no hook for a schema's own fields (only for a model field's), so its
    # one method is wrapped on the one instance API v3 uses: each page model's schema is built
    # on a base holding that model's `type`, and keeps its name (NewsArticleSchema, ...).
    def generate_with_type(model, base_class):
        if issubclass(base_class, PageSchema):
            label = Literal[model._meta.label]
            base_class = typed(base_class, f"{model._meta.object_name}TypedPageSchema", label)
        return generate(model, base_class)

    read_generator.generate_schema = generate_with_type


def list_pages_with_their_type(pages_router):
    """Give each item of API v3's page listing its `type`. The listing's item schema is one
    class for every page type, so its `type` is one of them. Runs before API v3's URLs are
    first read: that is when Ninja copies each operation of `pages_router` into the API."""
    from ninja.pagination import make_response_paginated
    from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
    from wagtail.api.v3.schemas.pages import BasePageSchema

    listed = typed(BasePageSchema, BasePageSchema.__name__, Literal[page_labels()])
    (listing,) = (
        operation
        for path_view in pages_router.path_operations.values()
        for operation in path_view.operations
        if operation.operation_id == "pages_list"
    )
    (status,) = listing.response_models
    # As Ninja itself builds a paginated response: list[item], then wrapped in the page.
    listing.response_models[status] = listing._create_response_model(list[listed])
    make_response_paginated(WagtailLimitOffsetPagination, listing)


def with_discriminator(document):
    """Name `type` as the discriminator of every union of page schemas in `document`."""
    schemas = document.get("components", {}).get("schemas", {})
    labels = set(page_labels())
    mapping = {}
    for name, schema in schemas.items():
        label = schema.get("properties", {}).get(PROPERTY, {}).get("const")
        if label in labels:
            mapping[f"#/components/schemas/{name}"] = label

    def walk(node):
        if isinstance(node, dict):
            members = [member.get("$ref") for member in node.get("oneOf", [])]
            if members and all(ref in mapping for ref in members):
                node["description"] = "A union of page types, discriminated by `type`."
                node["discriminator"] = {
                    "propertyName": PROPERTY,
                    "mapping": {mapping[ref]: ref for ref in members},
                }
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    return document
