export { issuePendencyStatement, pendencyStatementPdf, type SignedStatement, type StatementDependencies, type StatementRequest } from "./pendencyStatement.js";
