//! The scheduled job (cron in `wrangler.toml`): booking reminders the day before and the hour
//! before, and no-shows once a booking's check-in window has closed, with the no-show policy
//! (a warning, then a suspension of online booking). Each step is idempotent: flags and
//! conditional updates make a repeated or overlapping run send nothing twice.

use hall_domain::booking::{
    after_no_show, is_no_show, reminders_due, NoShowOutcome, Slot, TimeOfDay,
};
use hall_domain::calendar::Date;
use hall_domain::dto::JobRun;
use hall_domain::identity::Phone;
use hall_domain::Error;
use worker::Env;

use crate::notify::{self, Notifier};
use crate::store::bookings;

/// Records 基本满意 for services finished (and applications decided) 7 days ago or more that
/// nobody rated.
async fn default_ratings(db: &worker::D1Database, now: i64) -> Result<u32, Error> {
    let day = crate::routes::today(now)?;
    let back = |days: i64| {
        Date::from_days_since_epoch(day.days_since_epoch() - days)
            .map(|d| d.to_string())
            .ok_or(Error::Unavailable)
    };
    crate::store::ratings::record_defaults(db, now, &day.to_string(), &back(7)?, &back(60)?).await
}

/// Runs the job as of `now` (Unix seconds).
pub async fn run(env: &Env, now: i64) -> Result<JobRun, Error> {
    let db = crate::state::db(env)?;
    let dir = crate::state::directory(env).await?;
    let (setup, rules) = bookings::hall(&db).await?;
    let policy = rules.policy;
    let outbox = notify::Outbox { db: &db, now };
    let mut out = JobRun::default();
    // Everything starting within two days: tomorrow's reminders and today's no-shows.
    for b in bookings::due(&db, now + 2 * 86_400).await? {
        let (Some(date), Some(start)) = (Date::parse(&b.date), TimeOfDay::parse(&b.start)) else {
            continue;
        };
        let slot = Slot {
            date,
            start,
            end: start.plus(policy.slot_minutes).unwrap_or(start),
        };
        let phone = Phone::parse(&b.phone);
        if is_no_show(&policy, &slot, now) {
            if !bookings::no_show(&db, &b.id, now).await? {
                continue;
            }
            out.no_shows += 1;
            let earlier = bookings::no_shows_of(&db, &b.citizen_id, &b.id).await?;
            let outcome = after_no_show(&policy.no_show, &earlier, now);
            if let NoShowOutcome::Suspended { until } = outcome {
                bookings::suspend(&db, &b.citizen_id, until).await?;
                out.suspensions += 1;
            }
            if let Some(p) = &phone {
                outbox
                    .send(p, &notify::no_show_text(&b.id, outcome, &policy.no_show))
                    .await?;
            }
            continue;
        }
        let (day, hour) = reminders_due(&slot, now, b.reminded_day != 0.0, b.reminded_hour != 0.0);
        if !(day || hour) {
            continue;
        }
        bookings::reminded(&db, &b.id, day, hour).await?;
        if let Some(p) = &phone {
            let hall = setup
                .halls
                .iter()
                .find(|h| h.code == b.hall_code)
                .map(|h| h.name.as_str())
                .unwrap_or_default();
            let item = dir
                .item(&b.item_code)
                .map(|i| i.name.as_str())
                .unwrap_or_default();
            let text = notify::reminder_text(&b.id, &b.date, &b.start, hall, item, hour);
            outbox.send(p, &text).await?;
            out.reminders += 1;
        }
    }
    let (reminded, listed) =
        crate::routes::applications::rongque_pass(&db, &dir, &rules, now).await?;
    out.rongque_reminders = reminded;
    out.listings = listed;
    out.default_ratings = default_ratings(&db, now).await?;
    Ok(out)
}
