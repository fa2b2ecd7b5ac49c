// The speech review screen: keep the focused point's source in view, and turn a selection
// of the source text into the offsets of a new point (新增要点).
(function () {
  var source = document.getElementById("speech-source");
  if (!source) { return; }
  var mark = source.dataset.focus && document.getElementById(source.dataset.focus);
  if (mark) { source.scrollTop = Math.max(0, mark.offsetTop - source.clientHeight / 3); }

  var button = document.getElementById("add-point");
  var start = document.getElementById("add-start");
  var end = document.getElementById("add-end");
  if (!button || !start || !end) { return; }

  // Characters of the speech text before (node, at): the panel holds the text exactly.
  function offset(node, at) {
    var range = document.createRange();
    range.setStart(source, 0);
    range.setEnd(node, at);
    return range.toString().length;
  }

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) { return; }
    start.value = offset(range.startContainer, range.startOffset);
    end.value = offset(range.endContainer, range.endOffset);
    button.disabled = !selection.toString().trim();
  });
})();
