//! Writing measurements into the reports under `docs/`: each measurement owns a section between
//! two markers, `<!-- name:begin -->` and `<!-- name:end -->`, and rewrites only that, keeping
//! the prose around it.

use anyhow::{Context, Result};

/// Replaces section `name` of the report at `path` with `body`, headed by the date and the
/// machine; appends the section if the report has none yet.
pub fn write_section(path: &str, name: &str, body: &str) -> Result<()> {
	let (begin, end) = (format!("<!-- {name}:begin -->"), format!("<!-- {name}:end -->"));
	let text = std::fs::read_to_string(path).unwrap_or_default();
	let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
	let section =
		format!("{begin}\nMeasured {} on this machine ({cores} cores).\n\n{body}{end}", today());
	let updated = match (text.find(&begin), text.find(&end)) {
		(Some(b), Some(e)) if b < e =>
			format!("{}{}{}", &text[..b], section, &text[e + end.len()..]),
		_ => format!("{text}\n{section}\n"),
	};
	std::fs::write(path, updated).with_context(|| format!("writing {path}"))
}

/// Today's date (UTC), from `date`, without a date library.
pub fn today() -> String {
	let out = std::process::Command::new("date").args(["-u", "+%Y-%m-%d"]).output();
	out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
		.unwrap_or_default()
}
