// A front end's story page, written against the TypeScript types openapi-typescript generates
// from /api/v3/openapi.json (into generated/newsdesk-api.d.ts; tests/api/test_typescript_client.py
// does it and runs `tsc --strict` over this file). It must compile as is, and must stop compiling
// when the API gains a block type this switch does not handle, or when one of its cases is removed.
import type { components, paths } from "./generated/newsdesk-api";

type Schemas = components["schemas"];
export type PageDetail =
  paths["/api/v3/pages/{page_id}/"]["get"]["responses"][200]["content"]["application/json"];
export type StoryBlock = Schemas["NewsArticleSchema"]["body"][number];

function unhandled(block: never): never {
  throw new Error(`No way to show a block of this type: ${JSON.stringify(block)}`);
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export function renderBlock(block: StoryBlock): string {
  switch (block.type) {
    case "lede": return `<div class="lede">${block.value}</div>`;
    case "paragraph": return block.value;
    case "heading": return `<h2>${escapeHtml(block.value)}</h2>`;
    case "tweet": return `<blockquote cite="${escapeHtml(block.value.url)}">${escapeHtml(block.value.text)}</blockquote>`;
    case "related_link": return `<a href="${escapeHtml(block.value.url)}">${escapeHtml(block.value.title)}</a>`;
    case "image": return `<img src="${escapeHtml(block.value.large.url)}" alt="${escapeHtml(block.value.alt)}">`;
    case "quote": return `<q>${escapeHtml(block.value.text)}</q> ${escapeHtml(block.value.attribution)}`;
    case "gallery": return block.value.images.map((image) => `<img src="${escapeHtml(image.thumbnail.url)}" alt="${escapeHtml(image.alt)}">`).join("");
    case "embed": return block.value.player ? `<iframe src="${escapeHtml(block.value.player)}" title="${escapeHtml(block.value.title)}"></iframe>` : `<a href="${escapeHtml(block.value.url)}">${escapeHtml(block.value.title || block.value.url)}</a>`;
    case "table": return `<table>${block.value.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("")}</table>`;
    default: return unhandled(block);
  }
}

export async function fetchStory(apiRoot: string, id: number): Promise<string> {
  const response = await fetch(`${apiRoot}/api/v3/pages/${id}/`);
  if (!response.ok) {
    throw new Error(`Story ${id}: HTTP ${response.status}`);
  }
  const page: PageDetail = await response.json();
  // `type` is the page union's discriminator: checking it narrows `page` to a story.
  if (page.type !== "news.NewsArticle") {
    throw new Error(`Page ${id} is a ${page.type}, not a story`);
  }
  const byline = (page.authors ?? []).map((author) => escapeHtml(author.name)).join(", ");
  return [`<h1>${escapeHtml(page.title)}</h1>`, byline, ...page.body.map(renderBlock)].join("\n");
}

// What a front end sends back: the body's items are typed as written, block by block.
type StoryInput = Schemas["NewsArticleCreateSchema"];

export const newBody: NonNullable<StoryInput["body"]> = [
  { type: "heading", value: "What happened next" },
  { type: "image", value: { image: 42, caption: "At dawn" } },
];

// @ts-expect-error An image block is written with the image's id, not its title.
export const wrongImage: NonNullable<StoryInput["body"]> = [{ type: "image", value: { image: "Harbour" } }];

// Only a story has a body: a page not narrowed by its `type` has none to read.
// @ts-expect-error Property 'body' does not exist on a home or section page.
export const bodyOfAnyPage = (page: PageDetail) => page.body;

// A live coverage, followed by its cursor: an entry's blocks are story blocks, typed by the
// same schemas, so the story's renderBlock shows them; a withdrawn entry is only its id.
export type EntriesPage =
  paths["/api/v3/live/{coverage_id}/entries/"]["get"]["responses"][200]["content"]["application/json"];
type Entry = EntriesPage["entries"][number];

export function applyChanges(shown: Map<number, string>, page: EntriesPage): number {
  for (const entry of page.entries) {
    if (entry.status === "withdrawn") {
      shown.delete(entry.id);
    } else {
      shown.set(entry.id, [entry.title, ...entry.body.map(renderBlock)].join("\n"));
    }
  }
  return page.cursor;
}

export function cursorOf(page: PageDetail): number | null {
  return page.type === "live.LiveCoverage" ? (page.live?.cursor ?? null) : null;
}

// @ts-expect-error A withdrawn entry has no body: narrow by `status` first.
export const bodyOfAnyEntry = (entry: Entry) => entry.body;
