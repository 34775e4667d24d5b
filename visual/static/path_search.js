// Completes organisation names as one types in the path form (from /api/v1/organisations), and
// sends the chosen organisation's id with the form. Without this script the names are looked up
// on the server. Names are put in the page as option values, never parsed as HTML.
(function () {
  "use strict";
  document.querySelectorAll("form.path-form input[list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var idField = document.getElementById(input.dataset.idField);
    var known = {};
    var timer = null;
    input.addEventListener("input", function () {
      idField.value = known[input.value] || "";
      clearTimeout(timer);
      var query = input.value.trim();
      // A name chosen among the proposals is not looked up again.
      if (query.length < 2 || known[input.value]) { return; }
      timer = setTimeout(function () {
        fetch("/api/v1/organisations?limit=8&q=" + encodeURIComponent(query))
          .then(function (answer) { return answer.ok ? answer.json() : { data: { items: [] } }; })
          .then(function (body) {
            known = {};
            while (list.firstChild) { list.removeChild(list.firstChild); }
            body.data.items.forEach(function (organisation) {
              known[organisation.name] = organisation.id;
              var option = document.createElement("option");
              option.value = organisation.name;
              list.appendChild(option);
            });
            idField.value = known[input.value] || "";
            input.dispatchEvent(new Event("completed"));
          });
      }, 150);
    });
  });
})();
