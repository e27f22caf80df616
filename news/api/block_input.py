"""What API v3 writes accept for a StreamField: each item typed from the blocks themselves.

Wagtail documents a StreamField's input as an array of anything, so a malformed item (no
`type`, a string for a struct, a title for an image id) reached the form code and failed
there as a server error. Deriving the input types from the block definitions makes every
such item a 422 naming the item and the field, keeps the schema in step with the blocks,
and documents the write shape: a block's stored form (an image or a story by its id), not
the richer shape a story is read in (news/api/serializers.py).
"""

from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model
from wagtail import blocks
from wagtail.api.v3.schemas.generators.write import RichTextInputSchema, streamfield_schema
from wagtail.contrib.table_block.blocks import TableBlock

# Unknown keys are a client's mistake to hear about, not something to drop in silence.
STRICT = ConfigDict(extra="forbid")


def block_input_type(block):
    """The pydantic type of what a client sends for `block`."""
    if isinstance(block, blocks.StreamBlock):
        items = tuple(item_input_type(child) for child in block.child_blocks.values())
        return list[Annotated[Union[items], Field(discriminator="type")]]  # noqa: UP007
    if isinstance(block, blocks.ListBlock):
        return list[block_input_type(block.child_block)]
    if isinstance(block, blocks.StructBlock):
        return struct_input_type(block)
    if isinstance(block, blocks.RichTextBlock):
        return str | RichTextInputSchema  # as Wagtail's own rich text fields take it
    if isinstance(block, TableBlock):
        return TableInput
    if isinstance(block, blocks.ChooserBlock):
        return int  # the chosen object's id
    if isinstance(block, blocks.DateBlock):
        return date
    if isinstance(block, blocks.BooleanBlock):
        return bool
    if isinstance(block, (blocks.IntegerBlock, blocks.DecimalBlock, blocks.FloatBlock)):
        return int if isinstance(block, blocks.IntegerBlock) else float
    if isinstance(block, blocks.FieldBlock):
        return str
    return Any


class TableInput(BaseModel):
    """A table as Wagtail's TableBlock stores it: rows of text cells (null for an empty one)."""

    model_config = STRICT
    data: list[list[str | None]]
    first_row_is_table_header: bool = False
    first_col_is_header: bool = False
    table_header_choice: Literal["row", "column", "both", "neither", ""] = ""
    table_caption: str = ""


# Blocks are not hashable; each is built once per field definition, so its id is its identity.
# One model per block, shared by the create and patch schemas (OpenAPI names them once).
_built = {}


def once_per_block(build):
    def built(block):
        key = (build.__name__, id(block))
        if key not in _built:
            _built[key] = build(block)
        return _built[key]

    return built


@once_per_block
def struct_input_type(block):
    fields = {}
    for name, child in block.child_blocks.items():
        annotation = block_input_type(child)
        if getattr(child, "required", False):
            fields[name] = (annotation, ...)
        else:
            fields[name] = (annotation | None, None)
    return create_model(f"{model_name(block)}Input", __config__=STRICT, **fields)


@once_per_block
def item_input_type(block):
    return create_model(
        f"{block.name.title().replace('_', '')}ItemInput",
        __config__=STRICT,
        type=(Literal[block.name], ...),
        value=(block_input_type(block), ...),
        id=(str | None, None),
    )


def model_name(block):
    name = type(block).__name__
    return name.removesuffix("Block") or name


def typed_streamfield_input(generator, field):
    """A StreamField's input as its blocks define it (instead of Wagtail's untyped array)."""
    annotation, default = streamfield_schema(generator, field)
    return block_input_type(field.stream_block), default
