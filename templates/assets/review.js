// Optional help on the review page: text selected in the record fills the "add a missed directive" box.
// The page works without it (the clerk can paste by hand).
const record = document.querySelector(".record-text");
const box = document.querySelector('.add-missing textarea[name="fragment"]');
if (record && box) {
  record.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    const text = selection ? selection.toString().trim() : "";
    if (text.length >= 4 && record.contains(selection.anchorNode)) box.value = text;
  });
}

// Enter in a draft's field saves that draft. Without this script Enter does nothing (the page form's first,
// disabled button), which is safer than the browser's default of pressing the page's first button, 交办.
document.addEventListener("keydown", (event) => {
  const field = event.target;
  if (event.key !== "Enter" || !(field instanceof HTMLInputElement) || field.type === "checkbox") return;
  const save = field.closest("article.draft")?.querySelector('button[name="save"]');
  if (!save) return;
  event.preventDefault();
  save.click();
});
