//! What the operator's checking tools (`check-erasure`, `refetch`, `backup`, `restore`) print:
//! their findings, one per line, then one verdict line that scripts and tests look for, and an
//! exit code that says the same.

/// A checking tool's account of one run.
pub trait Report {
	/// The tool, as its verdict line names it: "`<TOOL>` complete" or "`<TOOL>` INCOMPLETE".
	const TOOL: &'static str;

	/// Whether the run found nothing wrong.
	fn complete(&self) -> bool;

	/// The findings, one per line, without the verdict.
	fn findings(&self) -> Vec<String>;

	/// The findings and, last, the verdict.
	fn lines(&self) -> Vec<String> {
		let mut lines = self.findings();
		let verdict = if self.complete() { "complete" } else { "INCOMPLETE" };
		lines.push(format!("{} {verdict}", Self::TOOL));
		lines
	}
}

/// Prints `report`, one line each: exit code 0 if it found nothing wrong, 1 if it did (2, from
/// `main`, is a failure to run at all).
pub fn print(report: &impl Report) -> std::process::ExitCode {
	for line in report.lines() {
		println!("{line}");
	}
	if report.complete() {
		std::process::ExitCode::SUCCESS
	} else {
		std::process::ExitCode::from(1)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	struct Count(Vec<String>);

	impl Report for Count {
		const TOOL: &'static str = "count";
		fn complete(&self) -> bool {
			self.0.is_empty()
		}
		fn findings(&self) -> Vec<String> {
			self.0.iter().map(|f| format!("missing: {f}")).collect()
		}
	}

	#[test]
	fn the_verdict_comes_last_and_follows_completeness() {
		assert_eq!(Count(vec![]).lines(), vec!["count complete"]);
		assert_eq!(
			Count(vec!["a".into()]).lines(),
			vec!["missing: a".to_string(), "count INCOMPLETE".to_string()]
		);
	}
}
