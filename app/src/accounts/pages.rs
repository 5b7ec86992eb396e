//! The account pages: sign in (`/account` when signed out), the account itself
//! (`/account` when signed in), sign up and reset the password. Every form is a
//! plain HTML form (see `crate::forms`), so all of it works before, or without,
//! the WebAssembly.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::api::{
    ChangePassword, DeleteAccount, ResetPassword, SignIn, SignOut, SignOutEverywhere, SignUp,
    UpdateProfile, load_profile,
};
use super::model::{MAX_NAME_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, Profile, Role};
use crate::forms::{DoneNotice, FormError};
use crate::i18n::{Lang, Texts, head_text, use_i18n};
use crate::layout::{Loaded, PlaceContext, SavedDataNotice, use_session};
use crate::paths;
use crate::places::api::load_commune_home;
use crate::places::model::{CommuneHome, Village};
use crate::tr;

/// How a role is called.
pub fn role_name(t: &Texts, role: Role) -> &'static str {
    match role {
        Role::Resident => t.role_resident,
        Role::CommuneStaff { .. } => t.role_commune_staff,
        Role::CommuneAdmin { .. } => t.role_commune_admin,
        Role::ProvinceOfficer { .. } => t.role_province_officer,
        Role::SystemAdmin => t.role_system_admin,
    }
}

/// The phone number field every account form shares.
#[component]
pub fn PhoneField(id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let hint = format!("{id}-hint");
    view! {
        <label for=id>{tr!(i18n, phone_label)}</label>
        <input id=id name="phone" type="tel" inputmode="tel" autocomplete="tel" required
            maxlength="20" aria-describedby=hint.clone()/>
        <p id=hint class="hint">{tr!(i18n, phone_hint)}</p>
    }
}

/// A field for a new password, with its rules.
#[component]
fn NewPasswordField(id: &'static str, name: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let hint = format!("{id}-hint");
    view! {
        <label for=id>{tr!(i18n, new_password_label)}</label>
        <input id=id name=name type="password" autocomplete="new-password" required
            minlength=MIN_PASSWORD_CHARS maxlength=MAX_PASSWORD_CHARS aria-describedby=hint.clone()/>
        <p id=hint class="hint">{tr!(i18n, password_hint)}</p>
    }
}

/// `/account`: sign in, or the signed-in person's account.
#[component]
pub fn AccountPage() -> impl IntoView {
    if use_session().signed_in() {
        Either::Left(view! { <ProfilePage/> })
    } else {
        Either::Right(view! { <SignInPage/> })
    }
}

#[component]
fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=head_text(i18n, |t| t.sign_in_title)/>
        <h1>{tr!(i18n, sign_in_title)}</h1>
        <DoneNotice/>
        <form method="post" action=SignIn::PATH class="card form">
            <FormError form="sign-in"/>
            <PhoneField id="sign-in-phone"/>
            <label for="sign-in-password">{tr!(i18n, password_label)}</label>
            <input id="sign-in-password" name="password" type="password" autocomplete="current-password"
                required maxlength=MAX_PASSWORD_CHARS/>
            <label class="check">
                <input type="checkbox" name="remember" value="on"/>
                <span>{tr!(i18n, remember_me)}</span>
            </label>
            <button type="submit" class="button">{tr!(i18n, sign_in_button)}</button>
        </form>
        <p>{tr!(i18n, no_account)} " " <a href=paths::SIGN_UP>{tr!(i18n, sign_up_link)}</a></p>
        <p><a href=paths::RESET_PASSWORD>{tr!(i18n, forgot_password)}</a></p>
    }
}

/// `/account/signup`: a new resident account in the visitor's commune.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let place = expect_context::<PlaceContext>();
    let signed_in = use_session().signed_in();
    view! {
        <Title text=head_text(i18n, |t| t.sign_up_title)/>
        <h1>{tr!(i18n, sign_up_title)}</h1>
        {if signed_in {
            Either::Left(view! {
                <p class="notice">{tr!(i18n, already_signed_in)} " " <a href=paths::ACCOUNT>{tr!(i18n, go_to_account)}</a></p>
            })
        } else {
            Either::Right(move || match place.get() {
                Some(commune) => Either::Left(view! { <SignUpForm code=commune.code/> }),
                None => Either::Right(view! {
                    <p class="notice">{tr!(i18n, choose_commune_first)}</p>
                    <p><a href=paths::CHOOSE_COMMUNE class="button">{tr!(i18n, choose_commune)}</a></p>
                }),
            })
        }}
    }
}

#[component]
fn SignUpForm(code: i64) -> impl IntoView {
    let home = Resource::new(move || code.to_string(), load_commune_home);
    view! { <Loaded resource=home show=sign_up_form/> }
}

fn sign_up_form(home: CommuneHome) -> impl IntoView {
    let i18n = use_i18n();
    let commune = home.commune;
    view! {
        <p class="lead">{tr!(i18n, sign_up_lead)}</p>
        <form method="post" action=SignUp::PATH class="card form">
            <FormError form="sign-up"/>
            <PhoneField id="sign-up-phone"/>
            <label for="sign-up-name">{tr!(i18n, name_label)}</label>
            <input id="sign-up-name" name="name" type="text" autocomplete="name" required maxlength=MAX_NAME_CHARS/>
            <NewPasswordField id="sign-up-password" name="password"/>
            <input type="hidden" name="commune" value=commune.code/>
            <p class="field-value">
                <span>{tr!(i18n, home_commune_label)}</span>
                <strong>{commune.name}</strong>
                <a href=paths::CHOOSE_COMMUNE>{tr!(i18n, change_commune)}</a>
            </p>
            <VillageSelect villages=home.villages selected=None/>
            <button type="submit" class="button">{tr!(i18n, sign_up_button)}</button>
        </form>
        <p>{tr!(i18n, have_account)} " " <a href=paths::ACCOUNT>{tr!(i18n, sign_in_title)}</a></p>
    }
}

#[component]
fn VillageSelect(villages: Vec<Village>, selected: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    (!villages.is_empty()).then(|| {
        view! {
            <label for="village">{tr!(i18n, village_label)}</label>
            <select id="village" name="village">
                <option value="" selected=selected.is_none()>{tr!(i18n, village_none)}</option>
                {villages.into_iter().map(|v| view! {
                    <option value=v.id selected=selected == Some(v.id)>{v.name}</option>
                }).collect_view()}
            </select>
        }
    })
}

#[component]
fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let profile = Resource::new(|| (), |_| load_profile());
    view! {
        <Title text=head_text(i18n, |t| t.nav_account)/>
        <DoneNotice/>
        <Loaded resource=profile show=profile_view/>
    }
}

fn profile_view(profile: Profile) -> impl IntoView {
    let i18n = use_i18n();
    let role = profile.role;
    let lang = profile.lang;
    let commune_name = profile.home_commune.map(|c| c.name).unwrap_or_default();
    view! {
        <SavedDataNotice loaded_at_ms=profile.read_at_ms/>
        <h1>{profile.name.clone()}</h1>
        <dl class="card facts">
            <dt>{tr!(i18n, phone_label)}</dt><dd>{profile.phone}</dd>
            <dt>{tr!(i18n, home_commune_label)}</dt><dd>{commune_name}</dd>
            <dt>{tr!(i18n, role_label)}</dt><dd>{move || role_name(i18n.t(), role)}</dd>
        </dl>
        {role.is_staff().then(|| view! { <p><a href=paths::staff::HOME class="button">{tr!(i18n, staff_title)}</a></p> })}

        <PushSettings/>

        <h2>{tr!(i18n, your_details)}</h2>
        <form method="post" action=UpdateProfile::PATH class="card form">
            <FormError form="profile"/>
            <label for="profile-name">{tr!(i18n, name_label)}</label>
            <input id="profile-name" name="name" type="text" autocomplete="name" required
                maxlength=MAX_NAME_CHARS value=profile.name/>
            <VillageSelect villages=profile.villages selected=profile.village_id/>
            <label for="profile-lang">{tr!(i18n, language_label)}</label>
            <select id="profile-lang" name="lang">
                <option value="vi" selected=lang == Lang::Vi lang="vi">"Tiếng Việt"</option>
                <option value="en" selected=lang == Lang::En lang="en">"English"</option>
            </select>
            <button type="submit" class="button">{tr!(i18n, save)}</button>
        </form>

        <h2>{tr!(i18n, change_password_title)}</h2>
        <form method="post" action=ChangePassword::PATH class="card form">
            <FormError form="password"/>
            <label for="current-password">{tr!(i18n, current_password_label)}</label>
            <input id="current-password" name="current" type="password" autocomplete="current-password"
                required maxlength=MAX_PASSWORD_CHARS/>
            <NewPasswordField id="new-password" name="password"/>
            <button type="submit" class="button">{tr!(i18n, change_password_button)}</button>
        </form>

        <h2>{tr!(i18n, sessions_title)}</h2>
        <div class="card">
            <form method="post" action=SignOut::PATH>
                <button type="submit" class="button secondary">{tr!(i18n, sign_out_button)}</button>
            </form>
            <p class="hint">{tr!(i18n, sign_out_everywhere_hint)}</p>
            <form method="post" action=SignOutEverywhere::PATH>
                <button type="submit" class="button secondary">{tr!(i18n, sign_out_everywhere_button)}</button>
            </form>
        </div>

        <h2>{tr!(i18n, delete_title)}</h2>
        <form method="post" action=DeleteAccount::PATH class="card form danger-zone">
            <FormError form="delete"/>
            <p>{tr!(i18n, delete_body)}</p>
            <label for="delete-password">{tr!(i18n, password_label)}</label>
            <input id="delete-password" name="password" type="password" autocomplete="current-password"
                required maxlength=MAX_PASSWORD_CHARS/>
            <label class="check">
                <input type="checkbox" name="confirm" value="yes" required/>
                <span>{tr!(i18n, delete_confirm)}</span>
            </label>
            <button type="submit" class="button danger">{tr!(i18n, delete_button)}</button>
        </form>
    }
}

/// `/account/reset`: a new password with the code a commune officer gave.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=head_text(i18n, |t| t.reset_title)/>
        <h1>{tr!(i18n, reset_title)}</h1>
        <p class="lead">{tr!(i18n, reset_lead)}</p>
        <form method="post" action=ResetPassword::PATH class="card form">
            <FormError form="reset"/>
            <PhoneField id="reset-phone"/>
            <label for="reset-code">{tr!(i18n, reset_code_label)}</label>
            <input id="reset-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                required maxlength="8" pattern="[0-9]{8}"/>
            <NewPasswordField id="reset-password" name="password"/>
            <button type="submit" class="button">{tr!(i18n, reset_button)}</button>
        </form>
        <p><a href=paths::ACCOUNT>{tr!(i18n, sign_in_title)}</a></p>
    }
}

/// Push notifications on this phone, per topic. The phone's subscription is
/// the browser's, so `/push-settings.js` drives this part: it asks for
/// permission, subscribes with the server's key, and sends the choices. On an
/// iPhone outside the installed app it shows how to add the app to the home
/// screen instead (Safari pushes only to installed apps).
#[component]
fn PushSettings() -> impl IntoView {
    use crate::push::api::{SubscribePush, UnsubscribePush};
    use crate::push::model::AnnouncementTopic;
    let i18n = use_i18n();
    let texts = move || {
        let t = i18n.t();
        serde_json::json!({
            "turn_on": t.push_turn_on,
            "save": t.push_save,
            "on": t.push_status_on,
            "off": t.push_status_off,
            "saved": t.push_status_saved,
            "unsupported": t.push_status_unsupported,
            "denied": t.push_status_denied,
            "failed": t.push_status_failed,
        })
        .to_string()
    };
    let topic_label = move |topic: AnnouncementTopic| {
        let t = i18n.t();
        match topic {
            AnnouncementTopic::None => t.push_ann_none,
            AnnouncementTopic::Urgent => t.push_ann_urgent,
            AnnouncementTopic::All => t.push_ann_all,
        }
    };
    view! {
        <h2>{tr!(i18n, push_title)}</h2>
        <section class="card form push-settings" data-push-settings=""
            data-settings-url="/api/push/settings" data-subscribe-url=SubscribePush::PATH
            data-unsubscribe-url=UnsubscribePush::PATH data-texts=texts>
            <p data-push-status="" aria-live="polite">{tr!(i18n, push_status_checking)}</p>
            <div class="notice" data-push-ios="" hidden>
                <p><strong>{tr!(i18n, push_ios_title)}</strong></p>
                <ol>
                    <li>{tr!(i18n, push_ios_step1)}</li>
                    <li>{tr!(i18n, push_ios_step2)}</li>
                    <li>{tr!(i18n, push_ios_step3)}</li>
                </ol>
            </div>
            <form data-push-form="" hidden>
                <label class="check">
                    <input type="checkbox" name="reports" value="1" checked/>
                    <span>{tr!(i18n, push_reports_label)}</span>
                </label>
                <fieldset class="plain">
                    <legend>{tr!(i18n, push_announcements_legend)}</legend>
                    {AnnouncementTopic::ALL.into_iter().map(|topic| view! {
                        <label class="check">
                            <input type="radio" name="announcements" value=topic.code()
                                checked=topic == AnnouncementTopic::Urgent/>
                            <span>{move || topic_label(topic)}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button" data-push-save="">{tr!(i18n, push_turn_on)}</button>
                <button type="button" class="button secondary" data-push-off="" hidden>{tr!(i18n, push_turn_off)}</button>
            </form>
        </section>
        <script src="/push-settings.js" defer></script>
    }
}
