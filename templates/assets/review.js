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
