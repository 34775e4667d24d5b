// Completion and inline checks on the editing forms, as one types. Without this script the forms
// work the same: names and communes are resolved on the server, errors shown next to the field.
// Names go into the page as option values and text, never parsed as HTML.
(function () {
  "use strict";

  // Proposals for an input with a datalist, from an API search answering { data: { items } }.
  function complete(input, url, describe) {
    var list = document.getElementById(input.getAttribute("list"));
    var known = {};
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2 || known[input.value]) { return; }
      timer = setTimeout(function () {
        fetch(url + encodeURIComponent(query))
          .then(function (answer) { return answer.ok ? answer.json() : { data: { items: [] } }; })
          .then(function (body) {
            known = {};
            while (list.firstChild) { list.removeChild(list.firstChild); }
            body.data.items.forEach(function (item) {
              var shown = describe(item);
              known[shown.value] = item;
              var option = document.createElement("option");
              option.value = shown.value;
              option.textContent = shown.label;
              list.appendChild(option);
            });
            input.dispatchEvent(new Event("completed"));
          });
      }, 150);
    });
    return function (value) { return known[value]; };
  }

  // The commune of an organisation, by name: the option's value is its INSEE code.
  var commune = document.querySelector("form.account-form input#commune[list]");
  if (commune) {
    complete(commune, "/api/v1/territories?level=commune&limit=8&q=", function (t) {
      return { value: t.code, label: t.name };
    });
  }

  // Members of an alliance found by name and added to the list, one id a line.
  var search = document.getElementById("member-search");
  var members = document.getElementById("members");
  if (search && members) {
    search.closest(".member-search").hidden = false;
    var chosen = complete(search, "/api/v1/organisations?limit=8&q=", function (o) {
      return { value: o.name, label: o.id };
    });
    var add = function () {
      var organisation = chosen(search.value);
      if (!organisation) { return; }
      var lines = members.value.replace(/\s+$/, "");
      members.value = (lines ? lines + "\n" : "") + organisation.id + " ; membre\n";
      search.value = "";
    };
    search.addEventListener("change", add);
    document.getElementById("member-add").addEventListener("click", add);
  }

  // A SIREN is nine digits whose Luhn sum is a multiple of ten (La Poste's, 356000000, the known
  // exception): said at once, next to the field; the server checks it again.
  var siren = document.querySelector("form.account-form input#siren");
  if (siren) {
    var note = document.createElement("p");
    note.className = "field-error";
    note.id = "siren-live";
    note.hidden = true;
    siren.insertAdjacentElement("afterend", note);
    siren.addEventListener("input", function () {
      var digits = siren.value.replace(/\s/g, "");
      var sum = 0;
      for (var i = 0; i < digits.length; i++) {
        var d = Number(digits[digits.length - 1 - i]) * (i % 2 ? 2 : 1);
        sum += d > 9 ? d - 9 : d;
      }
      var wrong = digits !== "" && digits !== "356000000" && !(/^\d{9}$/.test(digits) && sum % 10 === 0);
      note.textContent = wrong ? siren.dataset.invalid : "";
      note.hidden = !wrong;
      siren.setAttribute("aria-invalid", wrong ? "true" : "false");
    });
  }
})();
