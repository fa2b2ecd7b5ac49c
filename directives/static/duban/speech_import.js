// The speech import form: fill the new meeting's name and date from the pasted speech while
// they are blank (the server does the same for an uploaded file), and never overwrite what was typed.
(function () {
  var form = document.getElementById("speech-import");
  if (!form) { return; }
  var text = form.querySelector("[name=text]");
  var meeting = form.querySelector("[name=meeting]");
  var title = form.querySelector("[name=new_meeting_title]");
  var heldOn = form.querySelector("[name=new_meeting_held_on]");
  if (!text || !title || !heldOn) { return; }
  var filled = {title: "", date: ""};

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function prefill() {
    if (meeting && meeting.value) { return; }
    var head = text.value.slice(0, 600);
    var named = /在(.+?)(?:上|中)?的(?:总结|动员|主持|表态|工作)?(?:讲话|发言|致辞|报告|主持词)/.exec(head);
    if (named && (!title.value || title.value === filled.title)) {
      title.value = filled.title = named[1].trim().slice(0, 200);
    }
    var dated = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(head);
    if (dated && (!heldOn.value || heldOn.value === filled.date)) {
      heldOn.value = filled.date = dated[1] + "-" + pad(+dated[2]) + "-" + pad(+dated[3]);
    }
  }
  text.addEventListener("input", prefill);
  text.addEventListener("change", prefill);
})();
