//! The language as a signal in context: restored from the last visit, applied to the
//! document, read by every page.

use leptos::prelude::*;

use super::{Catalog, Lang, Texts};

const STORAGE_KEY: &str = "seed-portal.lang";

impl Lang {
    /// The language saved by an earlier visit, Chinese otherwise.
    pub fn load() -> Lang {
        let saved = window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        match saved.as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    /// Remembers the choice and tells the document (screen readers, fonts, hyphenation).
    pub fn apply(self) {
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(STORAGE_KEY, self.tag());
        }
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", self.tag());
        }
        document().set_title(self.texts().doc_title);
    }
}

/// Puts the language signal into context, restoring the saved choice and keeping the
/// document in sync with it.
pub fn provide_i18n() -> RwSignal<Lang> {
    let lang = RwSignal::new(Lang::load());
    Effect::new(move |_| lang.get().apply());
    provide_context(lang);
    lang
}

/// The language signal (for the toggle).
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::Zh))
}

/// Reactive accessor for the current texts: `let t = use_texts(); move || (t().diary_count)(n)`; plain texts use [`tx`].
pub fn use_texts() -> impl Fn() -> &'static Texts + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || lang.get().texts()
}

/// A reactive text (node or attribute value) in the current language: `{tx(|t| t.sign_in)}`.
///
/// Every call site shares this one closure type, so the view code behind it is generated
/// once instead of once per text, which keeps the wasm bundle within its size budget.
pub fn tx(pick: fn(&Texts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    let lang = use_lang();
    move || pick(lang.get().texts())
}

/// Reactive accessor for a section's catalog: `let t = use_catalog::<QuoteTexts>(); move || t().title`.
pub fn use_catalog<C: Catalog>() -> impl Fn() -> &'static C + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || C::of(lang.get())
}

/// A reactive plain text of a section's catalog, one closure type per catalog (as [`tx`]).
pub fn text<C: Catalog>(
    pick: fn(&C) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync {
    let lang = use_lang();
    move || pick(C::of(lang.get()))
}
