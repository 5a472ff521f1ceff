/** The content editors' section of the staff app (owned by the editor screens; empty until they land). */
export const routes = [];
