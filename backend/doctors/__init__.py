"""The family doctors' side: worklist, detail, follow-up, assisted assessment, export, figures."""
