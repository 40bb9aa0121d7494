//! The graphical report: miette code frames, labels in other files as their own frames.

use crate::diag::{self, Diagnostic, RenderOptions};
use crate::project::Project;

/// Every finding rendered, then what could not be read.
pub fn render(project: &Project, findings: &[Diagnostic], opts: RenderOptions) -> String {
    let mut s = String::new();
    for d in findings {
        s.push_str(&diag::render(&project.sources, d, opts));
        s.push('\n');
    }
    for p in &project.problems {
        s.push_str(&format!(
            "error: {}\n",
            crate::text::escape_control(&p.message)
        ));
    }
    s
}
