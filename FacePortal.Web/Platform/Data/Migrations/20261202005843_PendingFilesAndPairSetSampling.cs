using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FacePortal.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class PendingFilesAndPairSetSampling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ImpostorTagPrefix",
                table: "PairSets",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "JobId",
                table: "PairSets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sampling",
                table: "PairSets",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PendingFiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobId = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SavedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PendingFiles_Jobs_JobId",
                        column: x => x.JobId,
                        principalTable: "Jobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PairSets_JobId",
                table: "PairSets",
                column: "JobId");

            migrationBuilder.CreateIndex(
                name: "IX_PendingFiles_ContentHash",
                table: "PendingFiles",
                column: "ContentHash");

            migrationBuilder.CreateIndex(
                name: "IX_PendingFiles_JobId_ContentHash",
                table: "PendingFiles",
                columns: new[] { "JobId", "ContentHash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PendingFiles");

            migrationBuilder.DropIndex(
                name: "IX_PairSets_JobId",
                table: "PairSets");

            migrationBuilder.DropColumn(
                name: "ImpostorTagPrefix",
                table: "PairSets");

            migrationBuilder.DropColumn(
                name: "JobId",
                table: "PairSets");

            migrationBuilder.DropColumn(
                name: "Sampling",
                table: "PairSets");
        }
    }
}
