export { FileQueries, type ActivityRow, type MovementStep, type PendencyRow, type PendingItem } from "./fileQueries.js";
export { FileService, holderOf, type FileActor, type FileChange, type FileView, type Holder } from "./fileService.js";
export { istDate, parseHolidays, workingMs } from "./workingTime.js";
export { noticeOverdueFiles } from "./overdueNotices.js";
