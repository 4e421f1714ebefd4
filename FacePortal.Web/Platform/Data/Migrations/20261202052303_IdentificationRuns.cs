using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FacePortal.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdentificationRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IdentificationRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GalleryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Scoring = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    K = table.Column<int>(type: "INTEGER", nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    HoldOut = table.Column<double>(type: "REAL", nullable: false),
                    Result = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdentificationRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IdentificationRuns_Galleries_GalleryId",
                        column: x => x.GalleryId,
                        principalTable: "Galleries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IdentificationRuns_GalleryId_CreatedAt",
                table: "IdentificationRuns",
                columns: new[] { "GalleryId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IdentificationRuns");
        }
    }
}
