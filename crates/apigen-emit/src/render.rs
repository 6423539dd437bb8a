//! Tokens → formatted source: `syn::parse2` then `prettyplease::unparse`, chunk by chunk on every
//! core, joined in order behind a header (the output does not depend on the thread count).
//!
//! `syn`, `prettyplease` and the emitters recurse once or more per level of a nested type
//! (`Vec<Option<Vec<…>>>`). The model bounds that nesting (`apigen_model::Limits`: inline schemas
//! at most `max_schema_depth` = 32 deep by default, so a type at most about 100 generic levels
//! deep with `Option`, `Box` and containers), and every thread that emits or formats runs on a
//! stack of [`STACK_BYTES`], whatever stack the caller has.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use crate::EmitError;
use crate::plan::ModulePlan;

/// Items per chunk: small enough to spread a large module over the cores and to keep few
/// tokens alive, large enough that per-chunk overhead stays negligible.
const CHUNK_ITEMS: usize = 16;

/// The stack of every emitting and formatting thread: 64 MiB of address space, touched only as
/// deep as the recursion goes. Measured in a debug build (limits raised on purpose): types 1,000
/// `Vec`s deep emit and format, 2,000 do not (some 40 KiB per level); the default limits let
/// at most about 100 levels through.
pub const STACK_BYTES: usize = 64 * 1024 * 1024;

/// Parses `tokens` as a file and formats it, with `header` on top, on the caller's thread (token
/// streams cannot move between threads): the model's limits keep the recursion well within a
/// main thread's 8 MiB; [`render_plans`] is the path that never depends on the caller's stack.
pub fn render_module(
    module: &'static str,
    header: &str,
    tokens: TokenStream,
) -> Result<String, EmitError> {
    let mut out = String::with_capacity(header.len() + 4096);
    out.push_str(header);
    out.push_str(&space_items(&format_tokens(module, tokens)?));
    Ok(out)
}

fn format_tokens(module: &'static str, tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| EmitError::InvalidTokens {
        module,
        message: error.to_string(),
    })?;
    Ok(prettyplease::unparse(&file))
}

/// Emits and formats every module of `plans`, spreading chunks of items over the available
/// cores; returns each module's source with `header` on top, in plan order.
pub fn render_plans(plans: &[ModulePlan<'_>], header: &str) -> Result<Vec<String>, EmitError> {
    let jobs: Vec<(usize, usize, usize)> = plans
        .iter()
        .enumerate()
        .flat_map(|(module, plan)| {
            (0..plan.items.len())
                .step_by(CHUNK_ITEMS)
                .map(move |start| (module, start, (start + CHUNK_ITEMS).min(plan.items.len())))
        })
        .collect();
    let results: Mutex<Vec<Option<Result<String, EmitError>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(jobs.len())
        .max(1);
    let work = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(module, start, end)) = jobs.get(index) else {
                break;
            };
            let plan = &plans[module];
            let tokens: TokenStream = plan.items[start..end].iter().map(|item| item()).collect();
            let formatted = format_tokens(plan.name, tokens);
            if let Ok(mut results) = results.lock() {
                results[index] = Some(formatted);
            }
        }
    };
    std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..threads {
            let spawned = std::thread::Builder::new()
                .name("apigen-render".to_owned())
                .stack_size(STACK_BYTES)
                .spawn_scoped(scope, work);
            match spawned {
                Ok(_) => started += 1,
                Err(error) if started == 0 => return Err(EmitError::Thread(error)),
                Err(_) => break,
            }
        }
        Ok(())
    })?;
    let results = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut sources: Vec<String> = plans.iter().map(|_| header.to_owned()).collect();
    let mut bodies: Vec<String> = plans.iter().map(|_| String::new()).collect();
    for (&(module, _, _), result) in jobs.iter().zip(results) {
        let chunk = result.unwrap_or_else(|| {
            Err(EmitError::InvalidTokens {
                module: plans[module].name,
                message: "a chunk was not rendered".to_owned(),
            })
        })?;
        bodies[module].push_str(&chunk);
    }
    for (source, body) in sources.iter_mut().zip(bodies) {
        source.push_str(&space_items(&body));
    }
    Ok(sources)
}

/// prettyplease puts items back to back; a blank line before each item (or its doc comment)
/// that follows a finished item makes the output read like hand-written code.
fn space_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut previous = "";
    for line in source.lines() {
        let trimmed = line.trim_start();
        let previous_trimmed = previous.trim_start();
        let indent = line.len() - trimmed.len();
        let previous_indent = previous.len() - previous_trimmed.len();
        let starts_item = [
            "///",
            "#[",
            "pub ",
            "fn ",
            "async fn ",
            "impl",
            "struct ",
            "enum ",
            "type ",
            "const ",
            "use ",
        ]
        .iter()
        .any(|start| trimmed.starts_with(start));
        let previous_is_comment = previous_trimmed.starts_with("//");
        let ends_item = previous_trimmed.starts_with("//!")
            || !previous_is_comment
                && (previous_trimmed == "}"
                    || previous_trimmed.ends_with(';') && previous_indent <= indent);
        let both_uses = trimmed.starts_with("use ") && previous_trimmed.starts_with("use ")
            || trimmed.starts_with("pub use ") && previous_trimmed.starts_with("pub use ");
        let inside_body = indent > 4
            && !previous_trimmed.starts_with('}')
            && !trimmed.starts_with("///")
            && !trimmed.starts_with("#[");
        if starts_item && ends_item && !both_uses && !inside_body && indent <= previous_indent {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}
