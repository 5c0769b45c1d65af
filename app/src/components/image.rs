//! Photos from the phone, made small before they are sent: a cheap phone's camera takes
//! pictures of several megabytes, and a slow network should carry a few hundred kilobytes.

use crate::tr;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, File, HtmlCanvasElement, HtmlImageElement, Url};

/// The longest side a sent photo keeps, in pixels.
pub const MAX_SIDE: u32 = 1600;

/// The photo redrawn as a JPEG no larger than `MAX_SIDE` on its longest side, base64 (without
/// the `data:` prefix), or a message saying why it could not be read.
pub async fn shrink_to_jpeg(file: &File) -> Result<String, String> {
    let unreadable = || tr!(image_unreadable).to_string();
    let url = Url::create_object_url_with_blob(file).map_err(|_| unreadable())?;
    let img = HtmlImageElement::new().map_err(|_| unreadable())?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    img.set_src(&url);
    let result = JsFuture::from(loaded).await;
    let _ = Url::revoke_object_url(&url);
    result.map_err(|_| unreadable())?;
    let (w, h) = (img.natural_width().max(1), img.natural_height().max(1));
    let scale = (f64::from(MAX_SIDE) / f64::from(w.max(h))).min(1.0);
    let (cw, ch) = (
        (f64::from(w) * scale).round().max(1.0),
        (f64::from(h) * scale).round().max(1.0),
    );
    let canvas: HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into().ok())
        .ok_or_else(unreadable)?;
    canvas.set_width(cw as u32);
    canvas.set_height(ch as u32);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(unreadable)?;
    // A white ground: transparent PNG areas would turn black in a JPEG.
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, cw, ch);
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, cw, ch)
        .map_err(|_| unreadable())?;
    let data_url = canvas
        .to_data_url_with_type_and_encoder_options(
            "image/jpeg",
            &wasm_bindgen::JsValue::from_f64(0.82),
        )
        .map_err(|_| unreadable())?;
    data_url
        .split_once(',')
        .map(|(_, b64)| b64.to_string())
        .ok_or_else(unreadable)
}

/// A complaint's photos as thumbnails no wider than their column, each a link to the photo at
/// full size (a phone's photo shown whole would widen the page past the screen).
pub fn thumbnails(
    base: &str,
    attachments: &[hall_domain::dto::AttachmentInfo],
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let links = attachments
        .iter()
        .map(|a| {
            let src = format!("{base}/attachments/{}", a.n);
            let href = src.clone();
            let alt = tr!(complaint_photo_alt, n = a.n + 1);
            view! {
                <li>
                    <a class="thumb" href=href target="_blank" rel="noopener">
                        <img src=src alt=alt loading="lazy" width="96" height="96"/>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="photos" role="list">{links}</ul> }
}
