//! The homeowner's service page of a project: their claims, callbacks and complaints with
//! the next promised time, and the ways to raise a new one.

use leptos::prelude::*;

use super::texts::{clock_class, st, use_service_texts};
use crate::app::api;
use crate::app::components::loaded::loaded;
use crate::app::i18n::use_texts;
use crate::domain::service_desk::ServiceItemView;

/// `/service/projects/:id`
#[component]
pub fn ServiceHubPage(project_id: String) -> impl IntoView {
    let items = {
        let id = project_id.clone();
        api::load(async move { api::service::project_items(&id).await })
    };
    let project = {
        let id = project_id.clone();
        api::load(async move { api::projects::get_one(&id).await })
    };
    let pid = project_id.clone();
    view! {
        <section class="stack" data-testid="service-hub">
            <a class="back-link" href=format!("/projects/{pid}")>{st(|t| t.back_to_diary)}</a>
            <header class="page-head">
                <h1>{st(|t| t.hub_title)}</h1>
                {move || project.get().and_then(Result::ok).map(|p| view! { <p class="muted">{p.title}</p> })}
            </header>
            <div class="actions service-actions">
                <a class="btn btn-primary" data-testid="new-claim" href=format!("/service/projects/{pid}/claim")>{st(|t| t.new_claim)}</a>
                <a class="btn btn-secondary" data-testid="new-callback" href=format!("/service/projects/{pid}/callback")>{st(|t| t.new_callback)}</a>
                <a class="btn btn-secondary" data-testid="new-complaint" href=format!("/service/projects/{pid}/complaint")>{st(|t| t.new_complaint)}</a>
            </div>
            {move || match loaded(items.get()) {
                Err(wait) => wait,
                Ok(list) if list.is_empty() => view! { <p class="card empty-state">{st(|t| t.no_items)}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="item-list">
                        {list.into_iter().map(|i| view! { <ItemCard item=i href_prefix="/service/items/"/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// One item in a list: kind, title, status, the next promise with its clock, unread count.
#[component]
pub fn ItemCard(item: ServiceItemView, href_prefix: &'static str) -> impl IntoView {
    let t = use_service_texts();
    let tt = use_texts();
    let kind = item.kind;
    let status = item.status;
    let next = item.next_due;
    let clock = item.clock;
    let unread = item.unread;
    view! {
        <li class="card item-card" data-testid="item-card" data-kind=kind.as_str() data-status=item.status.as_str()>
            <a class="item-link" href=format!("{href_prefix}{}", item.id)>
                <span class="chip">{move || t().label(kind)}</span>
                <strong class="item-title">{item.title.clone()}</strong>
                {(unread > 0).then(|| view! { <span class="chip chip-action" data-testid="unread">{move || (t().unread)(unread)}</span> })}
            </a>
            <div class="item-meta">
                <span data-testid="item-status">{move || t().label(status)}</span>
                {next.map(|due| view! {
                    <span class=clock_class(clock, item.breached)>
                        {st(|t| t.promised)} " " {move || (tt().date_time)(due)}
                    </span>
                })}
            </div>
        </li>
    }
}
