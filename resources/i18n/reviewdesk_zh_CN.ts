<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BatchController</name>
    <message>
        <location filename="../../gui/batch_ctl.py" line="43"/>
        <source>Enter publication date…</source>
        <translation>录入发布日期…</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="44"/>
        <source>Enter filing date…</source>
        <translation>录入报送日期…</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="45"/>
        <source>Enter web address…</source>
        <translation>录入发布网址…</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="78"/>
        <source>Year: latest</source>
        <translation>年度：最新</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="79"/>
        <source>Year </source>
        <translation>年度 </translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="81"/>
        <source>Roster…</source>
        <translation>名册…</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="84"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="87"/>
        <source>Notice (Word)…</source>
        <translation>通报（Word）…</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="87"/>
        <source>Batch workbook (Excel)…</source>
        <translation>汇总表（Excel）…</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="88"/>
        <source>Batch PDF…</source>
        <translation>批量 PDF…</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="95"/>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="101"/>
        <source>Batch view</source>
        <translation>批量审阅视图</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="105"/>
        <source>&amp;Batch</source>
        <translation>批量(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="112"/>
        <source>Import roster…</source>
        <translation>导入名册…</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="176"/>
        <source>Import roster</source>
        <translation>导入名册</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="177"/>
        <source>Roster (*.xlsx *.csv)</source>
        <translation>名册 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="187"/>
        <source>Roster not read: %1</source>
        <translation>名册未能读取：%1</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="192"/>
        <source>Roster %1: %2 units, %3 rows set aside</source>
        <translation>名册 %1：%2 个单位，%3 行未采用</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="229"/>
        <source>Not a date (YYYY-MM-DD): %1</source>
        <translation>不是日期（应为 YYYY-MM-DD）：%1</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="259"/>
        <source>The batch is not computed yet</source>
        <translation>批量结果尚未算出</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="261"/>
        <source>Export batch</source>
        <translation>导出批量结果</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="275"/>
        <source>Written: %1</source>
        <translation>已写出：%1</translation>
    </message>
    <message>
        <location filename="../../gui/batch_ctl.py" line="276"/>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
</context>
<context>
    <name>BatchTableModel</name>
    <message>
        <location filename="../../gui/batch_model.py" line="37"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="37"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="37"/>
        <source>Status</source>
        <translation>报送状态</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="37"/>
        <source>Published</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="38"/>
        <source>On time</source>
        <translation>按期</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="38"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="38"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="38"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="39"/>
        <source>Review</source>
        <translation>审阅状态</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="39"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="39"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="39"/>
        <source>Grade</source>
        <translation>等次</translation>
    </message>
    <message>
        <location filename="../../gui/batch_model.py" line="111"/>
        <source>Deadline %1</source>
        <translation>截止日期 %1</translation>
    </message>
</context>
<context>
    <name>BatchView</name>
    <message>
        <location filename="../../gui/batch_view.py" line="168"/>
        <source>Filter units…</source>
        <translation>筛选单位…</translation>
    </message>
    <message>
        <location filename="../../gui/batch_view.py" line="172"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../gui/batch_view.py" line="178"/>
        <location filename="../../gui/batch_view.py" line="332"/>
        <source>No figure chart</source>
        <translation>不画指标图</translation>
    </message>
    <message>
        <location filename="../../gui/batch_view.py" line="292"/>
        <source>Batch could not be computed: %1</source>
        <translation>批量结果无法计算：%1</translation>
    </message>
    <message>
        <location filename="../../gui/batch_view.py" line="361"/>
        <source>%1 units (%2); %3 findings</source>
        <translation>%1 个单位（%2）；问题 %3 处</translation>
    </message>
</context>
<context>
    <name>CompareWidget</name>
    <message>
        <location filename="../../gui/compare.py" line="97"/>
        <source>Open a report to compare it with last year&apos;s.</source>
        <translation>打开一份报告，即可与上一年度对比。</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="131"/>
        <source>No cross-year findings.</source>
        <translation>没有跨年度问题。</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="54"/>
        <source>Pair with…</source>
        <translation>配对…</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="55"/>
        <source>Choose last year&apos;s report to compare this one with</source>
        <translation>选择与本报告对比的上一年度报告</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="56"/>
        <source>Unpair</source>
        <translation>取消配对</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="57"/>
        <source>Do not compare this report with last year&apos;s</source>
        <translation>本报告不与上一年度报告对比</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="58"/>
        <source>Pair automatically</source>
        <translation>恢复自动配对</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="59"/>
        <source>Forget the choice made by hand: pair by agency and year</source>
        <translation>撤销手动选择：按机关和年度自动配对</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="101"/>
        <source>The report it was paired with by hand is not open.</source>
        <translation>手动配对的上一年度报告未打开。</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="103"/>
        <source>Unpaired by hand: the cross-year rules do not run on it.</source>
        <translation>已手动取消配对：本报告不做跨年度检查。</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="106"/>
        <source>Last year&apos;s report of this agency (%1, %2) is not in the queue: open it too, or pair by hand.</source>
        <translation>队列中没有该机关上一年度（%1，%2年）的报告：一并打开，或手动配对。</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="110"/>
        <source>Not paired: %1.</source>
        <translation>未配对：%1。</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="112"/>
        <source>paired by hand</source>
        <translation>手动配对</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="112"/>
        <source>paired automatically</source>
        <translation>自动配对</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="114"/>
        <source>Compared: %1 ↔ %2</source>
        <translation>对比：%1 ↔ %2</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="116"/>
        <source>%1, %2. Changed cells are yellow.</source>
        <translation>%1，%2。数值变化的单元格以黄色标出。</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <location filename="../../gui/findings_model.py" line="69"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="70"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="71"/>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="72"/>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="73"/>
        <source>Review</source>
        <translation>审阅状态</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="74"/>
        <source>Note</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="94"/>
        <source>[Persisting] </source>
        <translation>［仍存在］</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="94"/>
        <source>[New] </source>
        <translation>［新出现］</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="102"/>
        <source>expected %1, found %2</source>
        <translation>应为 %1，实为 %2</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../gui/help.py" line="41"/>
        <source>Error: a check failed (a total that does not add up, a missing table …)</source>
        <translation>错误：检查未通过（合计对不上、缺少表格等）</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="42"/>
        <source>Warning: worth a look, may be right (a placeholder, an uncertain OCR reading …)</source>
        <translation>警告：值得一看，也可能无误（占位符、识别把握不大的数字等）</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="43"/>
        <source>Hatched grey: the report printed this cell empty</source>
        <translation>灰色斜线：报告中此格为空</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="44"/>
        <source>Blue bold number: corrected by the reviewer; the printed value is in the tooltip</source>
        <translation>蓝色粗体数字：审阅人已更正；原报数值见悬停提示</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="45"/>
        <source>The cell or finding has a note</source>
        <translation>该单元格或问题有批注</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="46"/>
        <source>Read by OCR / read by OCR with little confidence: compare with the page</source>
        <translation>文字识别读出 / 识别把握不大：请对照原图</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="47"/>
        <source>Red box in the original: where the selected finding or cell is</source>
        <translation>原文中的红框：选中的问题或单元格所在位置</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="50"/>
        <source>Review status of a finding or report</source>
        <translation>问题或报告的审阅状态</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="59"/>
        <source>Notes, corrections and sign-offs</source>
        <translation>批注、更正和签字</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="60"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="61"/>
        <source>Log files</source>
        <translation>日志文件</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="89"/>
        <source>Keyboard keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="95"/>
        <source>What the colours mean</source>
        <translation>颜色和标记的含义</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="101"/>
        <source>Where data and logs are</source>
        <translation>数据和日志的位置</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="107"/>
        <source>&lt;b&gt;ReviewDesk&lt;/b&gt; version %1&lt;br&gt;Reads the annual reports on government information disclosure, checks their tables and lets a reviewer note, correct and sign off.</source>
        <translation>&lt;b&gt;年报审阅台&lt;/b&gt; 版本 %1&lt;br&gt;读取政府信息公开工作年度报告，核对其表格，供审阅人批注、更正和签字确认。</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="126"/>
        <source>About ReviewDesk</source>
        <translation>关于年报审阅台</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="120"/>
        <source>Built on %1</source>
        <translation>构建于 %1</translation>
    </message>
    <message>
        <location filename="../../gui/help.py" line="121"/>
        <source>Running from source</source>
        <translation>从源代码运行</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../gui/review_dialogs.py" line="173"/>
        <source>Review history — %1</source>
        <translation>审阅记录 — %1</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="179"/>
        <source>Only the selected item</source>
        <translation>只看所选项</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="188"/>
        <source>Nothing recorded yet.</source>
        <translation>尚无记录。</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="202"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="202"/>
        <source>Who</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="202"/>
        <source>What</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="203"/>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="203"/>
        <source>Old → new</source>
        <translation>原值 → 新值</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="203"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="208"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="208"/>
        <source>comment</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="208"/>
        <source>correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="209"/>
        <source>sign-off</source>
        <translation>签字</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="209"/>
        <source>unlock</source>
        <translation>解除锁定</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="209"/>
        <source>note moved</source>
        <translation>批注迁移</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="210"/>
        <source>confirmation</source>
        <translation>确认读数</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="210"/>
        <source>review state</source>
        <translation>审阅状态</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="210"/>
        <source>pairing</source>
        <translation>跨年配对</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="217"/>
        <source>Undo %1</source>
        <translation>撤销 %1</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="219"/>
        <source>Redo %1</source>
        <translation>重做 %1</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="233"/>
        <source>printed %1</source>
        <translation>原报 %1</translation>
    </message>
</context>
<context>
    <name>LoadController</name>
    <message>
        <location filename="../../gui/load_ctl.py" line="106"/>
        <source>%1 reports loaded</source>
        <translation>已载入 %1 份报告</translation>
    </message>
    <message>
        <location filename="../../gui/load_ctl.py" line="113"/>
        <source>Loading failed</source>
        <translation>加载失败</translation>
    </message>
    <message>
        <location filename="../../gui/load_ctl.py" line="120"/>
        <source>Loading cancelled</source>
        <translation>已取消载入</translation>
    </message>
    <message>
        <location filename="../../gui/load_ctl.py" line="139"/>
        <source>Reading %1 — page %2/%3</source>
        <translation>正在读取 %1 — 第 %2/%3 页</translation>
    </message>
    <message>
        <location filename="../../gui/load_ctl.py" line="142"/>
        <source>Waiting to be read: %1</source>
        <translation>等待读取：%1</translation>
    </message>
    <message>
        <location filename="../../gui/load_ctl.py" line="145"/>
        <source>and %1 more files</source>
        <translation>另有 %1 个文件待读取</translation>
    </message>
    <message>
        <location filename="../../gui/load_ctl.py" line="155"/>
        <source>No reports found</source>
        <translation>没有找到报告</translation>
    </message>
    <message>
        <location filename="../../gui/load_ctl.py" line="156"/>
        <source>No report files were found in:
%1

Reports are PDF, Word (.docx), HTML, text or image files; folders are searched with their subfolders.</source>
        <translation>以下位置没有找到报告文件：
%1

报告可以是 PDF、Word（.docx）、HTML、文本或图片文件；文件夹会连同其子文件夹一起查找。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="154"/>
        <source>Annotation store error: %1</source>
        <translation>批注库出错：%1</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="94"/>
        <location filename="../../gui/main_window.py" line="188"/>
        <source>Original</source>
        <translation>原文</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="95"/>
        <location filename="../../gui/main_window.py" line="189"/>
        <source>Folder overview</source>
        <translation>文件夹总览</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="96"/>
        <location filename="../../gui/main_window.py" line="190"/>
        <source>Year comparison</source>
        <translation>跨年对比</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="209"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="209"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="209"/>
        <source>corrected by the reviewer</source>
        <translation>审阅人更正</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="210"/>
        <source>note</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="210"/>
        <source>type a number over a cell to correct it</source>
        <translation>选中单元格直接输入数字即可更正</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="356"/>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="365"/>
        <source>Open reports</source>
        <translation>打开报告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="366"/>
        <source>Reports (%1)</source>
        <translation>年度报告 (%1)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="374"/>
        <source>Open a folder of reports</source>
        <translation>打开报告文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="464"/>
        <source>The file could not be read.</source>
        <translation>文件无法读取。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="466"/>
        <source>The 2008 format has no statistical tables.</source>
        <translation>2008 年格式没有统计表格。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="468"/>
        <source>This table is missing from the report.</source>
        <translation>报告中缺少这张表。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="530"/>
        <source>%1 readings confirmed</source>
        <translation>已确认 %1 个读数</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="531"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="533"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 · format %4&lt;br&gt;errors %5 · warnings %6 · review: %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2年 · %3 · %4格式&lt;br&gt;错误 %5 · 警告 %6 · 审阅：%7</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="705"/>
        <source>Annotations: %1</source>
        <translation>批注：%1</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="37"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="38"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="39"/>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="40"/>
        <source>Recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="43"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="44"/>
        <source>Current report…</source>
        <translation>当前报告…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="45"/>
        <source>Whole queue…</source>
        <translation>全部报告…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="47"/>
        <source>Preferences…</source>
        <translation>首选项…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="48"/>
        <source>Close queue</source>
        <translation>关闭全部报告</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="49"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="51"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="52"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="54"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="58"/>
        <source>&amp;Review</source>
        <translation>审阅(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="59"/>
        <source>Next finding</source>
        <translation>下一个问题</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="60"/>
        <source>Previous finding</source>
        <translation>上一个问题</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="61"/>
        <source>Next report</source>
        <translation>下一份报告</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="62"/>
        <source>Previous report</source>
        <translation>上一份报告</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="67"/>
        <source>Mark selection: %1</source>
        <translation>标记所选：%1</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="72"/>
        <source>Clear status</source>
        <translation>清除状态</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="73"/>
        <source>Mark whole report</source>
        <translation>标记整份报告</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="76"/>
        <source>Comment…</source>
        <translation>批注…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="77"/>
        <source>Review the report itself</source>
        <translation>批注整份报告</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="93"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="98"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="99"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="100"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="101"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="103"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="104"/>
        <source>Keyboard keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="105"/>
        <source>What the colours mean</source>
        <translation>颜色和标记的含义</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="106"/>
        <source>Where data and logs are</source>
        <translation>数据和日志的位置</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="108"/>
        <source>About ReviewDesk</source>
        <translation>关于年报审阅台</translation>
    </message>
    <message>
        <location filename="../../gui/export_ctl.py" line="58"/>
        <source>Export review sheet</source>
        <translation>导出审阅单</translation>
    </message>
    <message>
        <location filename="../../gui/export_ctl.py" line="60"/>
        <source>Excel (*.xlsx);;PDF review sheet (*.pdf);;HTML (*.html);;CSV (*.csv)</source>
        <translation>Excel 表格 (*.xlsx);;PDF 审阅单 (*.pdf);;HTML 网页 (*.html);;CSV 文本 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/export_ctl.py" line="104"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../../gui/export_ctl.py" line="107"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="640"/>
        <source>Note</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="647"/>
        <source>OCR check</source>
        <translation>识别核对</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="80"/>
        <source>Re&amp;port</source>
        <translation>报告(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="81"/>
        <source>Review history…</source>
        <translation>审阅记录…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="83"/>
        <source>Sign off…</source>
        <translation>签字确认…</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="84"/>
        <source>Unlock…</source>
        <translation>解除锁定…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="523"/>
        <source>&lt;span style=&apos;color:#0b3d91&apos;&gt;signed off by %1 / %2 — locked&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#0b3d91&apos;&gt;已签字（审阅人 %1，复核人 %2）· 已锁定&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="528"/>
        <source>%1 corrected cells</source>
        <translation>已更正 %1 个单元格</translation>
    </message>
</context>
<context>
    <name>NotePanel</name>
    <message>
        <location filename="../../gui/note_panel.py" line="43"/>
        <source>Review note</source>
        <translation>审阅批注</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="60"/>
        <source>(no status)</source>
        <translation>（无状态）</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="64"/>
        <source>Comment (Ctrl+M to edit, Ctrl+Enter to save)</source>
        <translation>批注（Ctrl+M 编辑，Ctrl+Enter 保存）</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="68"/>
        <source>Save note</source>
        <translation>保存批注</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="121"/>
        <source>Target:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="122"/>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="157"/>
        <source>(anonymous)</source>
        <translation>（未署名）</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="81"/>
        <source>Take back correction</source>
        <translation>撤销此更正</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="92"/>
        <source>Reason for the next correction (optional)</source>
        <translation>更正原因（可不填，用于下一次更正）</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="117"/>
        <source>History…</source>
        <translation>审阅记录…</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="118"/>
        <source>Who changed what and when, for this target and the whole report</source>
        <translation>谁在何时改了什么：本项及整份报告</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="123"/>
        <source>Reason:</source>
        <translation>更正原因：</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="172"/>
        <source>Split %1: %2</source>
        <translation>拆分 %1：%2</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="108"/>
        <source>Candidate splits (click one to take it):</source>
        <translation>可选拆分（单击一种即采用）：</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="102"/>
        <source>Take this split: fills the finding&apos;s cells and re-checks (one undo step)</source>
        <translation>采用这种拆分：填入各单元格并重新检查（一步撤销）</translation>
    </message>
</context>
<context>
    <name>OcrController</name>
    <message>
        <location filename="../../gui/ocr_panel.py" line="205"/>
        <source>Next to confirm (%1)</source>
        <translation>下一个待确认（%1）</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="209"/>
        <source>This report was not read by OCR.</source>
        <translation>这份报告未经文字识别。</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="212"/>
        <source>Select a cell read by OCR (marked 识) to compare it with the page.</source>
        <translation>选择一个经文字识别的单元格（标有“识”），即可与原图对照。</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="214"/>
        <source>%1 / %2 / %3 on page %4</source>
        <translation>%1 / %2 / %3，第 %4 页</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="221"/>
        <source>Read by OCR, confidence %1</source>
        <translation>文字识别，置信度 %1</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="225"/>
        <source>Out of its column on the page (the row may have slid): compare with the page, then confirm or correct it.</source>
        <translation>位置不在本列（本行数值可能错了列）：请对照原图，确认或更正。</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="229"/>
        <source>Uncertain: compare with the page, then confirm or correct it.</source>
        <translation>把握不大：请对照原图，确认或更正。</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="232"/>
        <source>Confirmed as read by %1</source>
        <translation>已由 %1 按原文确认</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="235"/>
        <source>Corrected to %1 by %2</source>
        <translation>已由 %2 更正为 %1</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="269"/>
        <source>Loading the page image…</source>
        <translation>正在载入原图…</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="330"/>
        <source>Not a value</source>
        <translation>不是有效数值</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="336"/>
        <source>Correct the reading</source>
        <translation>更正识别结果</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="337"/>
        <source>The value the page shows (empty or “blank” for a blank cell):</source>
        <translation>原图上的数值（原文此格为空：留空，或填“空”）：</translation>
    </message>
</context>
<context>
    <name>OcrPanel</name>
    <message>
        <location filename="../../gui/ocr_panel.py" line="100"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="101"/>
        <source>The value read is what the page shows</source>
        <translation>识别结果与原图一致</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="102"/>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="103"/>
        <source>Enter the value the page shows</source>
        <translation>输入原图上的数值</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="104"/>
        <source>Next to confirm</source>
        <translation>下一个待确认</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="105"/>
        <source>The next uncertain reading, least confident first</source>
        <translation>下一个把握不大的识别结果（置信度由低到高）</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="111"/>
        <source>Read as:</source>
        <translation>识别为：</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="127"/>
        <source>Select a cell read by OCR (marked 识) to compare it with the page.</source>
        <translation>选择一个经文字识别的单元格（标有“识”），即可与原图对照。</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="141"/>
        <source>The page image could not be shown</source>
        <translation>无法显示原图</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_panel.py" line="97"/>
        <source>In the tables: ┆ read by OCR · 识? uncertain, to confirm · ✓ confirmed</source>
        <translation>表中：┆ 文字识别 · 识? 把握不大，待确认 · ✓ 已确认或已更正</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../gui/ops.py" line="51"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/ops.py" line="111"/>
        <source>The operation failed</source>
        <translation>操作失败</translation>
    </message>
    <message>
        <location filename="../../gui/ops.py" line="136"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../gui/ops.py" line="174"/>
        <source>OCR page %1/%2 – %3</source>
        <translation>文字识别 第 %1/%2 页 – %3</translation>
    </message>
</context>
<context>
    <name>OverviewWidget</name>
    <message>
        <location filename="../../gui/overview.py" line="78"/>
        <source>year?</source>
        <translation>年度不明</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="95"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="98"/>
        <source>No report of %1 for %2</source>
        <translation>缺少 %1 %2 年度的报告</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="116"/>
        <source>E%1 W%2</source>
        <translation>错%1 警%2</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="118"/>
        <source>unreviewed</source>
        <translation>未审阅</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="120"/>
        <source>%1 files</source>
        <translation>%1 个文件</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="124"/>
        <source>⚠ %1 identical files</source>
        <translation>⚠ %1 个相同文件</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="127"/>
        <source>Identical content (same SHA-256), opened as:</source>
        <translation>内容完全相同（SHA-256 一致）的文件：</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="158"/>
        <source>↔ %1 (by hand)</source>
        <translation>↔ %1（手动）</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="159"/>
        <source>Compared with %1, paired by hand</source>
        <translation>与 %1 对比（手动配对）</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="161"/>
        <source>↔ %1</source>
        <translation>↔ %1</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="162"/>
        <source>Compared with %1</source>
        <translation>与 %1 对比（自动配对）</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="165"/>
        <source>unpaired</source>
        <translation>未配对</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="165"/>
        <source>Unpaired by hand: not compared with last year&apos;s report</source>
        <translation>已手动取消配对：不与上一年度报告对比</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="175"/>
        <source>No agency found: %1</source>
        <translation>未识别机关：%1</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="176"/>
        <source>No agency found: files named “…%1…” (%2 files)</source>
        <translation>未识别机关：文件名含“%1”（%2 个文件）</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="180"/>
        <source>No agency found: folder %1 (%2 files)</source>
        <translation>未识别机关：文件夹 %1（%2 个文件）</translation>
    </message>
</context>
<context>
    <name>Pairing</name>
    <message>
        <location filename="../../gui/pair_ctl.py" line="37"/>
        <source>paired by hand</source>
        <translation>手动配对</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="37"/>
        <source>paired automatically</source>
        <translation>自动配对</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="39"/>
        <source>Compared with last year&apos;s %1 (%2)</source>
        <translation>与上一年度 %1 对比（%2）</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="44"/>
        <source>Paired by hand with a report that is not open</source>
        <translation>手动配对的上一年度报告未打开</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="46"/>
        <source>Unpaired by hand: not compared with last year&apos;s report</source>
        <translation>已手动取消配对：不与上一年度报告对比</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="47"/>
        <source>Not paired: no report of the year before of this agency is open</source>
        <translation>未配对：队列中没有该机关上一年度的报告</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="83"/>
        <source>Pair with last year&apos;s report</source>
        <translation>与上一年度报告配对</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="86"/>
        <source>Unpair</source>
        <translation>取消配对</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="89"/>
        <source>Pair automatically again</source>
        <translation>恢复自动配对</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="93"/>
        <source>Last year&apos;s report of %1</source>
        <translation>是 %1 的上一年度报告</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="118"/>
        <source>agency unknown</source>
        <translation>机关不明</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="125"/>
        <source>No report of %1 is open</source>
        <translation>队列中没有 %1 年度的报告</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="147"/>
        <source>%1 is now compared with %2</source>
        <translation>%1 已与 %2 配对</translation>
    </message>
    <message>
        <location filename="../../gui/pair_ctl.py" line="152"/>
        <source>%1 is no longer compared with last year&apos;s report</source>
        <translation>%1 已取消配对，不再与上一年度报告对比</translation>
    </message>
</context>
<context>
    <name>PdfPageView</name>
    <message>
        <location filename="../../gui/viewer.py" line="117"/>
        <source>Previous page (PgUp)</source>
        <translation>上一页 (PgUp)</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="119"/>
        <source>Next page (PgDown)</source>
        <translation>下一页 (PgDown)</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="124"/>
        <source>Zoom out (Ctrl+-)</source>
        <translation>缩小 (Ctrl+-)</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="126"/>
        <source>Zoom in (Ctrl++)</source>
        <translation>放大 (Ctrl++)</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="129"/>
        <source>Fit page width</source>
        <translation>适合页宽</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="315"/>
        <source>No page to show</source>
        <translation>没有可显示的页面</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="325"/>
        <source>This page could not be rendered</source>
        <translation>本页无法显示</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../gui/prefs.py" line="14"/>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../gui/prefs.py" line="16"/>
        <source>Your name, printed on notes and review sheets</source>
        <translation>您的姓名，记在批注和审阅单上</translation>
    </message>
    <message>
        <location filename="../../gui/prefs.py" line="23"/>
        <source>Reviewer:</source>
        <translation>审阅人：</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../gui/queue_model.py" line="185"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="186"/>
        <source>Agency</source>
        <translation>发布机关</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="187"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="188"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="189"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="190"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="191"/>
        <source>Review</source>
        <translation>审阅</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="262"/>
        <source>marked %1/%2</source>
        <translation>已标 %1/%2</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="283"/>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="285"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="294"/>
        <source>format %1</source>
        <translation>%1格式</translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <location filename="../../gui/queue_pane.py" line="102"/>
        <source>Filter: file, agency, year</source>
        <translation>筛选：文件名、机关、年度</translation>
    </message>
    <message>
        <location filename="../../gui/queue_pane.py" line="107"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../gui/queue_pane.py" line="108"/>
        <source>With errors</source>
        <translation>有错误</translation>
    </message>
    <message>
        <location filename="../../gui/queue_pane.py" line="109"/>
        <source>With warnings</source>
        <translation>有警告</translation>
    </message>
    <message>
        <location filename="../../gui/queue_pane.py" line="110"/>
        <source>Not reviewed</source>
        <translation>未审阅</translation>
    </message>
</context>
<context>
    <name>ReuseView</name>
    <message>
        <location filename="../../gui/reuse_view.py" line="47"/>
        <source>Reused text: %1</source>
        <translation>雷同文字：%1</translation>
    </message>
    <message>
        <location filename="../../gui/reuse_view.py" line="65"/>
        <source>Sentences found in the other report are highlighted. Click a sentence to see it in the original.</source>
        <translation>两份报告中相同的语句以黄色标出。点击语句可在原件中查看。</translation>
    </message>
    <message>
        <location filename="../../gui/reuse_view.py" line="76"/>
        <source>%1 — %2 of this part found in the other report</source>
        <translation>%1 —— 该部分 %2 的文字见于另一份报告</translation>
    </message>
    <message>
        <location filename="../../gui/reuse_view.py" line="83"/>
        <source>This part is empty or has no text of its own.</source>
        <translation>该部分为空，或没有本单位自己的文字。</translation>
    </message>
    <message>
        <location filename="../../gui/reuse_view.py" line="154"/>
        <source>Select a copied-text finding whose other report is open in the queue</source>
        <translation>请选择一条雷同文字问题（其对比的报告须已在队列中打开）</translation>
    </message>
    <message>
        <location filename="../../gui/reuse_view.py" line="161"/>
        <source>That sentence is in the other report: open it from the queue to see it</source>
        <translation>该语句属于另一份报告，请在队列中打开该报告查看</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="87"/>
        <source>Copied text side by side…</source>
        <translation>雷同文字对照…</translation>
    </message>
</context>
<context>
    <name>ReviewController</name>
    <message>
        <location filename="../../gui/review_ctl.py" line="110"/>
        <source>The whole report</source>
        <translation>整份报告</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="115"/>
        <source>Finding %1: %2</source>
        <translation>问题 %1：%2</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="125"/>
        <source>Cell %1 / %2 / %3</source>
        <translation>单元格 %1 / %2 / %3</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="376"/>
        <source>Note saved</source>
        <translation>批注已保存</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="405"/>
        <source>Nothing to undo</source>
        <translation>没有可撤销的操作</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="405"/>
        <source>Nothing to redo</source>
        <translation>没有可重做的操作</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="411"/>
        <source>Undone in %1</source>
        <translation>已撤销“%1”中的修改（已切换到该报告）</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="411"/>
        <source>Redone in %1</source>
        <translation>已重做“%1”中的修改（已切换到该报告）</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="417"/>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="417"/>
        <source>Redone</source>
        <translation>已重做</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="157"/>
        <source>Signed off by %1 and %2 (%3): %4. Locked — unlock it (Report menu) to change anything.</source>
        <translation>已由 %1（审阅人）、%2（复核人）于 %3 签字确认：%4。已锁定——如需修改，请在“报告”菜单中解除锁定。</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="98"/>
        <source>Reviewer: %1</source>
        <translation>审阅人：%1</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="98"/>
        <source>Reviewer: (not set)</source>
        <translation>审阅人：未填写</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="99"/>
        <source>Recorded with every mark you make; click to change</source>
        <translation>记录在您的每一条批注、更正、确认和签字上；点击更改</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="187"/>
        <source>Printed %1 → corrected %2 (%3, %4)</source>
        <translation>原报 %1 → 更正 %2（%3，%4）</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="188"/>
        <source>(nothing)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="189"/>
        <source>blank</source>
        <translation>空白</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="190"/>
        <location filename="../../gui/review_ctl.py" line="201"/>
        <source>(anonymous)</source>
        <translation>（未署名）</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="193"/>
        <source>; reason: %1</source>
        <translation>；原因：%1</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="200"/>
        <source>Finding no longer found — note: %1 (%2)</source>
        <translation>问题已不存在——批注：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="204"/>
        <source>Correction without its cell: %1 = %2 (%3)</source>
        <translation>未对应的更正：%1 = %2（%3）</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="231"/>
        <source>Corrected; re-checked in %1 ms</source>
        <translation>已更正，重新检查用时 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="259"/>
        <source>Split %1 taken; re-checked</source>
        <translation>已采用拆分 %1，已重新检查</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="298"/>
        <source>This report is not signed off.</source>
        <translation>该报告尚未签字。</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="310"/>
        <source>Unlocked: the report can be changed again; the reason is in the history.</source>
        <translation>已解除锁定：报告可以再次修改；解锁原因已记入审阅记录。</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="355"/>
        <source>Correction: %1</source>
        <translation>更正：%1</translation>
    </message>
    <message>
        <location filename="../../gui/review_ctl.py" line="357"/>
        <source>Finding no longer found (%1)</source>
        <translation>问题已不存在（%1）</translation>
    </message>
</context>
<context>
    <name>ReviewerDialog</name>
    <message>
        <location filename="../../gui/review_dialogs.py" line="35"/>
        <source>Who is reviewing?</source>
        <translation>审阅人</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="36"/>
        <source>Your name is recorded with every note, correction, confirmation and signature you make. It is remembered for the next session.</source>
        <translation>您的姓名将记录在您所做的每一条批注、更正、确认和签字上，下次打开本程序时沿用。</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="40"/>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="51"/>
        <source>Reviewer:</source>
        <translation>审阅人：</translation>
    </message>
</context>
<context>
    <name>SignOffDialog</name>
    <message>
        <location filename="../../gui/review_dialogs.py" line="66"/>
        <source>Sign off</source>
        <translation>签字确认</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="69"/>
        <source>Choose a conclusion…</source>
        <translation>请选择审阅结论…</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="76"/>
        <source>Not while errors are unresolved</source>
        <translation>尚有未处理的错误，不能选此结论</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="80"/>
        <source>A second person who checked the review</source>
        <translation>另一位复核此次审阅的人</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="90"/>
        <source>Sign off %1. It is then locked against edits until unlocked with a reason.</source>
        <translation>签字确认 %1。签字后报告锁定，不能再修改，除非说明原因解除锁定。</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="99"/>
        <source>%1 errors not yet dismissed or corrected:</source>
        <translation>有 %1 个错误尚未排除或更正：</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="105"/>
        <source>No unresolved errors.</source>
        <translation>没有未处理的错误。</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="106"/>
        <source>Conclusion:</source>
        <translation>审阅结论：</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="107"/>
        <source>Reviewer:</source>
        <translation>审阅人：</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="108"/>
        <source>Second reviewer:</source>
        <translation>复核人：</translation>
    </message>
</context>
<context>
    <name>SourceView</name>
    <message>
        <location filename="../../gui/viewer.py" line="400"/>
        <location filename="../../gui/viewer.py" line="416"/>
        <source>Open a report: File ▸ Open file… or drop files here</source>
        <translation>打开报告：文件 ▸ 打开文件…，或把文件拖到这里</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="421"/>
        <source>Nothing to show</source>
        <translation>无可显示内容</translation>
    </message>
</context>
<context>
    <name>TableModel</name>
    <message>
        <location filename="../../gui/table_model.py" line="277"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="281"/>
        <location filename="../../gui/table_model.py" line="314"/>
        <location filename="../../gui/table_model.py" line="331"/>
        <source>blank</source>
        <translation>空白</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="315"/>
        <source>placeholder (—, /, 无)</source>
        <translation>占位符（—、/、无）</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="316"/>
        <source>not a number</source>
        <translation>非数字</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="322"/>
        <source>This row is missing from the report.</source>
        <translation>报告中缺少这一行。</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="324"/>
        <source>The format has no such cell in this row.</source>
        <translation>该格式中本行没有这一栏。</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="341"/>
        <source>Original text: %1</source>
        <translation>原文：%1</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="343"/>
        <source>Unit: %1</source>
        <translation>单位：%1</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="345"/>
        <source>Cell status: %1</source>
        <translation>单元格状态：%1</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="347"/>
        <source>Inferred: split from glued digits by the row&apos;s arithmetic</source>
        <translation>推断值：按本行算术关系拆分粘连数字所得</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="356"/>
        <source>Note: %1</source>
        <translation>批注：%1</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="329"/>
        <source>Printed: %1 → corrected: %2</source>
        <translation>原报：%1 → 更正：%2</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="330"/>
        <source>(nothing)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="334"/>
        <source>Corrected by %1 at %2</source>
        <translation>更正人 %1，时间 %2</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="335"/>
        <source>(anonymous)</source>
        <translation>（未署名）</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="339"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../gui/review_dialogs.py" line="125"/>
        <source>Unlock</source>
        <translation>解除锁定</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="127"/>
        <source>Why the signed report must change (kept in the history)</source>
        <translation>已签字的报告为何需要修改（记入审阅记录）</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="138"/>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location filename="../../gui/review_dialogs.py" line="145"/>
        <source>Write why the report must change: the reason is kept in the history.</source>
        <translation>请填写需要修改已签字报告的原因：原因会记入审阅记录。</translation>
    </message>
</context>
<context>
    <name>VersionView</name>
    <message>
        <location filename="../../gui/version_view.py" line="47"/>
        <source>Compare versions</source>
        <translation>版本对比</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="48"/>
        <source>%1 (published %2) → %3 (published %4): %5 fixed, %6 still there, %7 new</source>
        <translation>%1（发布 %2）→ %3（发布 %4）：已整改 %5 项，仍存在 %6 项，新出现 %7 项</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="60"/>
        <source>Findings</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="61"/>
        <source>Changed cells (%1)</source>
        <translation>改动的单元格（%1）</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="62"/>
        <source>Changed text</source>
        <translation>改动的文字</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="72"/>
        <source>Fixed</source>
        <translation>已整改</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="73"/>
        <source>Still there</source>
        <translation>仍存在</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="74"/>
        <source>New</source>
        <translation>新出现</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="75"/>
        <source>Gone, not shown fixed</source>
        <translation>已消失，未能确认整改</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="77"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="77"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="77"/>
        <source>Finding</source>
        <translation>问题说明</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="91"/>
        <source>Cell</source>
        <translation>单元格</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="91"/>
        <source>Older version</source>
        <translation>旧版本</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="91"/>
        <source>Newer version</source>
        <translation>新版本</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="103"/>
        <source>The text is the same in both versions.</source>
        <translation>两个版本的文字相同。</translation>
    </message>
    <message>
        <location filename="../../gui/version_view.py" line="122"/>
        <source>This report has no older version open in the queue</source>
        <translation>本报告在队列中没有更早的版本</translation>
    </message>
    <message>
        <location filename="../../gui/actions.py" line="90"/>
        <source>Compare with the older version…</source>
        <translation>版本对照…</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../gui/labels.py" line="39"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="40"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="41"/>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="47"/>
        <source>Article 20</source>
        <translation>第二十条</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="48"/>
        <source>Applications</source>
        <translation>申请办理</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="49"/>
        <source>Reviews &amp; litigation</source>
        <translation>复议诉讼</translation>
    </message>
</context>
<context>
    <name>ocr</name>
    <message>
        <location filename="../../gui/ocr_marks.py" line="83"/>
        <source>Read by OCR, confidence %1</source>
        <translation>文字识别，置信度 %1</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_marks.py" line="85"/>
        <source> — uncertain: compare with the page and confirm or correct it</source>
        <translation>——把握不大：请对照原图确认或更正</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_marks.py" line="87"/>
        <source> — confirmed as read</source>
        <translation>——已按原文确认</translation>
    </message>
    <message>
        <location filename="../../gui/ocr_marks.py" line="87"/>
        <source> — corrected by the reviewer</source>
        <translation>——已由审阅人更正</translation>
    </message>
</context>
</TS>
