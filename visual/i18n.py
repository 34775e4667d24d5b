"""The words of the pages, in French (the default) and English.

>>> translator("en")("communities")
'Communities'
>>> translator("fr")("world.collectivite")
'Collectivité'
>>> translator("xx")("communities")
'Communautés'
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from babel import Locale


class Language(StrEnum):
    FR = "fr"
    EN = "en"


WORDS: dict[str, tuple[str, str]] = {
    # (French, English)
    "app.tagline": (
        "Les écosystèmes territoriaux : qui coopère avec qui, et quels cercles se croient seuls",
        "Territorial ecosystems: who works with whom, and which circles believe they are alone",
    ),
    "search": ("Rechercher", "Search"),
    "search.placeholder": ("territoire ou organisation", "territory or organisation"),
    "search.territories": ("Territoires", "Territories"),
    "search.organisations": ("Organisations", "Organisations"),
    "search.none": ("Aucun résultat.", "No result."),
    "territories.with_data": ("Territoires renseignés", "Territories with data"),
    "territories.none": (
        "Aucune donnée : lancez « maillage demo » ou un import.",
        "No data yet: run “maillage demo” or an import.",
    ),
    "organisations": ("organisations", "organisations"),
    "organisations.count": ("Organisations", "Organisations"),
    "comparison.title": ("Comparaison des territoires", "Territories compared"),
    "comparison.link": ("Comparer ses territoires", "Compare its territories"),
    "comparison.explain": (
        "Chaque territoire est mesuré dans l'analyse de son parent : cliquez un en-tête pour trier.",
        "Each territory is measured within its parent's analysis: click a heading to sort.",
    ),
    "comparison.caption": ("Les territoires qui le composent", "The territories it is made of"),
    "comparison.csv": ("Télécharger le tableau (CSV)", "Download the table (CSV)"),
    "comparison.child": ("Territoire", "Territory"),
    "comparison.ties": ("Liens par organisation", "Ties per organisation"),
    "comparison.concentrated": ("Communautés concentrées", "Concentrated communities"),
    "comparison.in_concentrated": (
        "Part dans une communauté concentrée",
        "Share in a concentrated community",
    ),
    "comparison.catalysts": ("Catalyseurs", "Catalysts"),
    "comparison.isolated": ("Isolées", "Isolated"),
    "comparison.pass_through": ("Principal point de passage", "Main pass-through point"),
    "ties": ("liens", "ties"),
    "communities": ("Communautés", "Communities"),
    "community": ("Communauté", "Community"),
    "concentrated": ("Communauté concentrée", "Concentrated community"),
    "concentrated.short": ("concentrée", "concentrated"),
    "concentrated.explain": (
        "Un cercle fermé sur lui-même : dense, peu relié au reste, peu divers.",
        "A circle closed on itself: dense, hardly tied to the rest, little diversity.",
    ),
    "open": ("ouverte", "open"),
    "verdict.not_concentrated": ("ouverte", "open"),
    "verdict.uncertain": ("incertaine", "uncertain"),
    "verdict.local_and_closed": ("locale et fermée", "local and closed"),
    "verdict.concentrated": ("concentrée", "concentrated"),
    "scale": ("Échelle (résolution)", "Scale (resolution)"),
    "context": ("Mesurée dans", "Measured within"),
    "territory_share": ("part du territoire affiché", "share of the territory shown"),
    "flag_share": ("Part des exécutions qui la signalent", "Share of runs flagging it"),
    "diversity": ("Diversité des mondes", "Diversity of worlds"),
    "legend": ("Légende", "Legend"),
    "worlds": ("Mondes", "Worlds"),
    "world": ("Monde", "World"),
    "modes": ("Modes d'alliance", "Alliance modes"),
    "catalyst": ("Catalyseur territorial", "Territorial catalyst"),
    "filters": ("Filtres", "Filters"),
    "filters.apply": ("Appliquer", "Apply"),
    "filters.all_modes": ("tous les modes", "all modes"),
    "as_of": ("Alliances en cours en", "Alliances running in"),
    "as_of.all": ("toutes les années", "every year"),
    "size_by": ("Taille selon", "Size by"),
    "focus": ("Trouver et centrer", "Find and focus"),
    "focus.placeholder": ("nom d'une organisation", "an organisation's name"),
    "introductions": ("Mises en relation suggérées", "Suggested introductions"),
    "introductions.none": ("Aucune suggestion.", "No suggestion."),
    "introducer": ("par", "through"),
    "downloads": ("Télécharger", "Download"),
    "download.png": ("Image PNG", "PNG image"),
    "cards": ("Fiches de fermeture", "Closure cards"),
    "cards.none": ("Aucune communauté assez grande.", "No community large enough."),
    "rule": ("Règle", "Rule"),
    "size": ("Taille", "Size"),
    "density": ("Densité", "Density"),
    "conductance": ("Conductance", "Conductance"),
    "ei_index": ("Indice E-I", "E-I index"),
    "diversity_ratio": ("Diversité relative", "Relative diversity"),
    "coverage": ("Part du territoire", "Share of the territory"),
    "largest_area_share": ("Part dans sa zone principale", "Share in its main area"),
    "stability": ("Stabilité", "Stability"),
    "members": ("Membres principaux", "Main members"),
    "snapshot": ("Instantané des données", "Data snapshot"),
    "refreshing": (
        "Mise à jour en cours : cette analyse date d'avant les dernières modifications du territoire ; "
        "rechargez la page dans un moment.",
        "Update under way: this analysis predates the territory's latest changes; reload the page shortly.",
    ),
    "sources": ("Sources", "Sources"),
    "sources.text": (
        "Référentiel territorial INSEE / COG (Licence Ouverte 2.0) et imports de données listés par run.",
        "INSEE / COG territory reference (Licence Ouverte 2.0) and the data imports listed by run.",
    ),
    "aggregated": (
        "Territoire trop grand pour tout dessiner : chaque nœud est une communauté, cliquez pour y entrer.",
        "Too large to draw every organisation: each node is a community, click one to open it.",
    ),
    "drilled": ("Vue d'une communauté", "One community's view"),
    "back.overview": ("Retour à la vue d'ensemble", "Back to the overview"),
    "truncated": (
        "Seules les organisations les plus centrales sont dessinées",
        "Only the most central organisations are drawn",
    ),
    "small_hidden": (
        "isolées ou dans de très petits groupes ne sont pas dessinées ici.",
        "isolated or in very small groups are not drawn here.",
    ),
    "not_drawn": ("non dessinées", "not drawn"),
    "home": ("Accueil", "Home"),
    "error.400": ("Requête incorrecte", "Bad request"),
    "error.401": ("Authentification requise", "Authentication required"),
    "error.403": ("Accès refusé", "Forbidden"),
    "error.404": ("Page introuvable", "Not found"),
    "error.405": ("Méthode non permise", "Method not allowed"),
    "error.409": ("Conflit", "Conflict"),
    "error.413": ("Envoi trop volumineux", "Upload too large"),
    "error.415": ("Type de fichier refusé", "Unsupported file type"),
    "error.422": ("Paramètres invalides", "Invalid parameters"),
    "error.500": ("Erreur du serveur", "Server error"),
    "error.503": ("Base de données indisponible", "Database unavailable"),
    "error.other": ("Erreur", "Error"),
    "error.explain.404": (
        "Ce territoire, cette organisation ou cette page n'existe pas (ou plus) dans Maillage.",
        "This territory, organisation or page does not (or no longer) exist in Maillage.",
    ),
    "error.explain.422": (
        "Un paramètre de l'adresse n'a pas la forme attendue.",
        "A parameter of the address does not have the expected form.",
    ),
    "error.explain.500": (
        "Le serveur a rencontré un problème ; il a été consigné. Réessayez dans un instant.",
        "The server met a problem; it was logged. Try again in a moment.",
    ),
    "error.explain.503": (
        "La base de données ne répond pas pour le moment.",
        "The database does not answer at the moment.",
    ),
    "error.details": ("Détail technique", "Technical detail"),
    "ego": ("Réseau à deux pas", "Network two steps away"),
    "alliances": ("Alliances", "Alliances"),
    "alliance.none": ("Aucune alliance connue.", "No known alliance."),
    "money.funded_by": ("Financée par", "Funded by"),
    "money.funds": ("Finance", "Funds"),
    "money.party": ("Organisation", "Organisation"),
    "money.amount": ("Montant", "Amount"),
    "money.year": ("Année", "Year"),
    "money.object": ("Objet", "Purpose"),
    "money.contract": ("marché public", "public contract"),
    "money.subsidy_count": ("subvention(s)", "subsidy(ies)"),
    "money.contract_count": ("marché(s) public(s)", "public contract(s)"),
    "commune": ("Commune", "Commune"),
    "created": ("créée en", "created in"),
    "outside_ties": ("Liens hors du territoire", "Ties outside the territory"),
    "outside_ties.ignored": ("non comptés (include_external=false)", "not counted (include_external=false)"),
    "dissolved": ("dissoute le", "dissolved on"),
    "open_page": ("Ouvrir la fiche", "Open the page"),
    "top_alliances": ("Alliances principales", "Main alliances"),
    "in_community": ("Dans la communauté", "In community"),
    "of_territory": ("du territoire", "of territory"),
    "not_in_community": ("Hors de toute communauté analysée.", "In no analysed community."),
    "loading": ("Calcul de la disposition…", "Laying out…"),
    "mode.open_data": ("Données ouvertes", "Open data"),
    "mode.mixed": ("Plusieurs modes", "Several modes"),
    "isolated": ("isolées", "isolated"),
    "external": ("Partenaire hors territoire", "Partner outside the territory"),
    "notfound.territory": ("territoire introuvable :", "no such territory:"),
    "notfound.organisation": ("organisation introuvable :", "no such organisation:"),
    "notfound.alliance": ("alliance introuvable :", "no such alliance:"),
    "notfound.token": ("jeton introuvable :", "no such token:"),
    "notfound.other": ("introuvable :", "not found:"),
    "since.new_tie": ("lien noué depuis", "tie formed since"),
    "since.legend": (
        "En magenta : les liens noués et les organisations arrivées depuis cette année.",
        "In magenta: the ties formed and the organisations arrived since that year.",
    ),
    "since.field": ("Évolution depuis", "Changes since"),
    "kind.pays": ("Pays", "Country"),
    "kind.region": ("Région", "Region"),
    "kind.departement": ("Département", "Department"),
    "kind.epci": ("Intercommunalité", "Intercommunality"),
    "kind.commune": ("Commune", "Commune"),
    "kind.arrondissement": ("Arrondissement", "Arrondissement"),
    "kind.projet": ("Territoire de projet", "Project area"),
    "organisation": ("organisation", "organisation"),
    "tie": ("lien", "tie"),
    "community.lower": ("communauté", "community"),
    "communities.lower": ("communautés", "communities"),
    "concentrated.one": ("concentrée", "concentrated"),
    "concentrated.other": ("concentrées", "concentrated"),
    "isolated.one": ("isolée", "isolated"),
    "and": ("et", "and"),
    "or": ("ou", "or"),
    "fails_on": ("non retenue sur", "fails on"),
    "all_criteria": ("tous les critères sont remplis", "every criterion is met"),
    "diagnostic.method_text": (
        "communautés par Louvain (PLM, networkit) à plusieurs résolutions ; liens pondérés à la Newman "
        "(1/(k−1) par paire d'une alliance de k membres)",
        "communities by Louvain (PLM, networkit) at several resolutions; ties weighted after Newman "
        "(1/(k−1) per pair of a k-member alliance)",
    ),
    "level.region": ("Régions", "Regions"),
    "level.departement": ("Départements", "Departments"),
    "level.epci": ("Intercommunalités", "Intercommunalities"),
    "world.association": ("Association", "Association"),
    "world.entreprise": ("Entreprise", "Company"),
    "world.collectivite": ("Collectivité", "Local authority"),
    "world.etat": ("État", "State"),
    "world.fondation": ("Fondation", "Foundation"),
    "world.academique": ("Académique", "Academic"),
    "world.autre": ("Autre", "Other"),
    "mode.mecenat": ("Mécénat", "Patronage"),
    "mode.pratiques_responsables": ("Pratiques responsables", "Responsible practices"),
    "mode.cooperation_economique": ("Coopération économique", "Economic cooperation"),
    "mode.innovation_societale": ("Innovation sociétale", "Societal innovation"),
    "metric.pagerank": ("PageRank", "PageRank"),
    "metric.degree": ("Degré", "Degree"),
    "metric.strength": ("Force (liens pondérés)", "Strength (weighted ties)"),
    "metric.betweenness": ("Intermédiarité", "Betweenness"),
    "metric.eigenvector": ("Vecteur propre", "Eigenvector"),
    "diagnostic.title": ("Diagnostic", "Diagnostic"),
    "paths.title": (
        "Comment ces deux organisations sont-elles reliées ?",
        "How are these two organisations connected?",
    ),
    "paths.from": ("De", "From"),
    "paths.to": ("à", "to"),
    "paths.find": ("Chercher les chemins", "Find the chains"),
    "paths.unknown": (
        "Organisation introuvable : précisez son nom.",
        "Organisation not found: give more of its name.",
    ),
    "paths.none": ("Aucun chemin d'alliances assez court", "No chain of alliances short enough"),
    "paths.hops": ("alliances traversées", "alliances crossed"),
    "paths.chain": ("Chemin", "Chain"),
    "brokerage.title": ("Courtiers et points de passage", "Brokers and pass-through points"),
    "brokerage.public": ("acteur public", "public actor"),
    "brokerage.roles": (
        "Rôles de courtage (Gould–Fernandez, paires de partenaires reliées)",
        "Brokerage roles (Gould–Fernandez, pairs of partners joined)",
    ),
    "role.coordinator": ("Coordinateur", "Coordinator"),
    "role.itinerant": ("Itinérant", "Itinerant"),
    "role.gatekeeper_representative": ("Portier ou représentant", "Gatekeeper or representative"),
    "role.liaison": ("Liaison", "Liaison"),
    "diagnostic.link": ("Diagnostic imprimable", "Printable diagnostic"),
    "diagnostic.pdf": ("Télécharger en PDF", "Download as PDF"),
    "diagnostic.who": ("Qui est là", "Who is there"),
    "diagnostic.worlds_caption": ("Organisations par monde", "Organisations by world"),
    "diagnostic.against": ("comparées à", "compared with"),
    "diagnostic.share": ("Part du territoire", "Share of the territory"),
    "diagnostic.of_enclosing": ("Part du même monde alentour", "Share of the same world around"),
    "diagnostic.maturity": ("Maturité des partenariats", "Partnership maturity"),
    "diagnostic.catalysts": ("Catalyseurs territoriaux", "Territorial catalysts"),
    "diagnostic.none": ("Aucun.", "None."),
    "diagnostic.picture": ("Les communautés du territoire", "The territory's communities"),
    "diagnostic.picture_caption": (
        "Chaque disque est une communauté (surface selon ses membres) ; rouge : concentrée, vert : "
        "locale et fermée ; les traits relient les communautés liées.",
        "Each disc is a community (area by members); red: concentrated, green: local and closed; "
        "lines join the communities that are tied.",
    ),
    "diagnostic.concentrated": ("Communautés concentrées", "Concentrated communities"),
    "diagnostic.none_concentrated": ("Aucune communauté concentrée.", "No concentrated community."),
    "diagnostic.uncertain": (
        "Incertaines : la règle tient, mais moins de la moitié des exécutions les signalent",
        "Uncertain: the rule holds, but fewer than half of the runs flag them",
    ),
    "diagnostic.local": ("Grappes locales fermées", "Local closed clusters"),
    "diagnostic.local_explain": (
        "Fermées et locales, mais de nombreux mondes : un écosystème local sain, pas une communauté "
        "concentrée.",
        "Closed and local, but of many worlds: a healthy local ecosystem, not a concentrated community.",
    ),
    "diagnostic.of_organisations": ("des organisations", "of the organisations"),
    "diagnostic.threshold": ("seuil", "threshold"),
    "diagnostic.pass_through": ("Points de passage publics", "Public pass-through points"),
    "diagnostic.other_pass_through": ("Autres points de passage", "Other pass-through points"),
    "diagnostic.no_public_pass_through": (
        "Aucun acteur public n'est un point de passage obligé.",
        "No public actor is a mandatory pass-through point.",
    ),
    "diagnostic.cuts_off": ("son retrait isolerait", "its withdrawal would cut off"),
    "diagnostic.pairs_of_worlds": (
        "paires d'organisations de mondes différents",
        "pairs of organisations of different worlds",
    ),
    "diagnostic.carries": ("porte", "carries"),
    "diagnostic.of_paths": ("des plus courts chemins entre mondes", "of the shortest paths between worlds"),
    "diagnostic.mixing": ("Mondes et territoires qui se rencontrent", "Worlds and areas that meet"),
    "diagnostic.heat_caption": (
        "Liens entre mondes : plus la case est foncée, plus les liens sont nombreux ; rose : jamais.",
        "Ties between worlds: the darker the cell, the more ties; pink: never.",
    ),
    "diagnostic.never_meet": ("Mondes qui ne se rencontrent jamais", "Worlds that never meet"),
    "diagnostic.areas_apart": ("Territoires sans aucun lien entre eux", "Areas with no tie between them"),
    "diagnostic.isolated": ("Organisations isolées", "Isolated organisations"),
    "diagnostic.change": ("Évolution depuis", "Change since"),
    "diagnostic.since": ("Depuis l'année", "Since the year"),
    "diagnostic.show": ("Afficher", "Show"),
    "diagnostic.no_change": ("Choisissez une année passée.", "Choose a past year."),
    "diagnostic.joined": ("organisations arrivées", "organisations joined"),
    "diagnostic.left": ("organisations parties", "organisations left"),
    "diagnostic.method": ("Méthode", "Method"),
    "maturity.pionnier": ("Pionniers", "Pioneers"),
    "maturity.actif": ("Actifs", "Active"),
    "maturity.premiers_pas": ("Premiers pas", "First steps"),
    "maturity.non_engage": ("Non engagés", "Not engaged"),
    "status.persisted": ("stable", "persisted"),
    "status.opened": ("ouverte", "opened"),
    "status.closed": ("refermée", "closed"),
    "status.split": ("scindée", "split"),
    "status.merged": ("fusionnée", "merged"),
    "status.dissolved": ("dissoute", "dissolved"),
    "status.new": ("nouvelle", "new"),
    "unreached.no_other_organisation": (
        "aucune autre organisation dans le territoire à lui présenter",
        "no other organisation in the territory to introduce",
    ),
    "unreached.all_already_tied": (
        "ses membres sont déjà liés à toutes les autres organisations",
        "its members are already tied to every other organisation",
    ),
    "reason.bridges_communities": ("relie deux communautés", "bridges two communities"),
    "reason.opens_concentrated": ("ouvre un cercle concentré", "opens a concentrated circle"),
    "reason.worlds_never_meet": ("mondes qui ne se croisent jamais", "worlds that never meet"),
    "reason.other_world": ("un autre monde", "another world"),
    "reason.areas_never_meet": ("zones qui ne se croisent jamais", "areas that never meet"),
    "reason.includes_isolated": ("sort une organisation de l'isolement", "ends an organisation's isolation"),
    "reason.shared_neighbour": ("partenaires communs", "shared partners"),
    "reason.shared_domain": ("domaines communs", "shared domains"),
}


def euros(amount: float) -> str:
    """An amount as French readers write it, to the euro, with no-break spaces between thousands
    and before the sign.

    >>> euros(26956.0) == "26\u00a0956\u00a0€"
    True
    """
    return f"{amount:,.0f}".replace(",", "\u00a0") + "\u00a0€"


def plural_of(language: str) -> Callable[[int, str, str], str]:
    """``ngettext(n, one, other)``: the word of key ``one`` or ``other`` that ``n`` takes in
    ``language``, by CLDR's plural rules through Babel (French: 0 and 1 take the singular).

    >>> french, english = plural_of("fr"), plural_of("en")
    >>> french(0, "organisation", "organisations"), english(0, "organisation", "organisations")
    ('organisation', 'organisations')
    """
    word = translator(language)
    locale = Locale("en" if language == Language.EN else "fr")

    def ngettext(n: int, one: str, other: str) -> str:
        return word(one if locale.plural_form(abs(n)) == "one" else other)

    return ngettext


def translator(language: str) -> Callable[[str], str]:
    """A function giving each word in ``language`` (French when unknown); unknown keys show as is."""
    column = 1 if language == Language.EN else 0

    def word(key: str) -> str:
        pair = WORDS.get(key)
        return pair[column] if pair else key

    return word
