// Tiny DOM helpers shared by the page modules (no framework, no build step).

/** Returns the element with this data-testid or id; throws when the page markup lacks it. */
export function byId(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing element #${id}`);
  return found;
}

/**
 * Creates an element: el("li", {class: "x", dataset: {id: 1}, onclick: fn}, "text", child).
 * Text children are inserted as text nodes, so customer-provided strings are never parsed as HTML.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Shows or hides an element with the `hidden` attribute (which the CSS honours everywhere). */
export function setShown(node, shown) {
  node.hidden = !shown;
}

/** Fills a status line: sets its text and a `data-tone` the CSS colours (info/ok/warn/error). */
export function setMessage(node, text, tone = "info") {
  node.textContent = text || "";
  node.dataset.tone = tone;
  node.hidden = !text;
}
